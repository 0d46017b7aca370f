// The protocol's messages and services, built from the server's own descriptor (protocol.json) over protobufjs, with
// the accessor style of generated jspb code (getX/setX/hasX/…): no generated code of any client is loaded.
import { readFileSync } from 'node:fs';
import type * as grpc from '@grpc/grpc-js';
import protobuf from 'protobufjs';
import { MapField } from './map-field.js';

/**
 * Field names, numbers and types of EventStoreDB's public gRPC protocol (facts only, no text), as a protobufjs
 * JSON descriptor. Why not the client's generated classes: google-protobuf registers them in one global namespace
 * per process, so a second client (another version of the same protocol) loaded next to the server replaced them.
 */
const root = protobuf.Root.fromJSON(
  JSON.parse(readFileSync(new URL('./protocol.json', import.meta.url), 'utf8')) as protobuf.INamespace,
);

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const DECODE_OPTIONS: protobuf.IConversionOptions = { longs: String, enums: Number, defaults: false };

/** jspb's accessor names: `stream_identifier` → `StreamIdentifier`, `coreProcessingTime` → `Coreprocessingtime`. */
const upperCamel = (name: string): string =>
  name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('');

export interface ProtocolMessage {
  serializeBinary(): Uint8Array;
  readonly values: Map<string, unknown>;
}

interface MessageClass {
  new (): ProtocolMessage;
  deserializeBinary(bytes: Uint8Array): ProtocolMessage;
}

const classes = new Map<protobuf.Type, MessageClass>();

function defaultOf(field: protobuf.Field): unknown {
  if (field.resolvedType instanceof protobuf.Type) return undefined;
  if (field.resolvedType instanceof protobuf.Enum) return 0;
  if (LONG_TYPES.has(field.type)) return field.options?.jstype === 'JS_STRING' ? '0' : 0;
  if (field.type === 'bool') return false;
  if (field.type === 'string' || field.type === 'bytes') return '';
  return 0;
}

const isDefault = (field: protobuf.Field, value: unknown): boolean =>
  value === defaultOf(field) ||
  (value instanceof Uint8Array && value.byteLength === 0) ||
  (LONG_TYPES.has(field.type) && String(value) === '0');

const bytesOf = (value: unknown): Uint8Array =>
  typeof value === 'string' ? Buffer.from(value, 'base64') : ((value as Uint8Array | undefined) ?? new Uint8Array());

/** The message as protobufjs's `fromObject` reads it; proto3 scalars at their default are left out, as jspb does. */
function toPlain(type: protobuf.Type, message: ProtocolMessage): Record<string, unknown> {
  const plain: Record<string, unknown> = {};
  for (const [name, value] of message.values) {
    const field = type.fields[name];
    const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    const convert = (item: unknown): unknown =>
      nested && item !== null && typeof item === 'object' ? toPlain(nested, item as ProtocolMessage) : item;
    if (field.map)
      plain[name] = Object.fromEntries(
        [...(value as MapField<unknown>).entries()].map(([key, item]) => [key, convert(item)]),
      );
    else if (field.repeated) plain[name] = (value as unknown[]).map(convert);
    else if (field.partOf === null && !nested && isDefault(field, value)) continue;
    else plain[name] = convert(value);
  }
  return plain;
}

/** A decoded message (protobufjs's plain form) as an instance of its class. */
function fromPlain(type: protobuf.Type, plain: Record<string, unknown>): ProtocolMessage {
  const message = new (classFor(type))();
  for (const [name, value] of Object.entries(plain)) {
    const field = type.fields[name];
    if (field === undefined) continue;
    const nested = field.resolvedType instanceof protobuf.Type ? field.resolvedType : undefined;
    const convert = (item: unknown): unknown => {
      if (nested) return fromPlain(nested, item as Record<string, unknown>);
      if (LONG_TYPES.has(field.type) && field.options?.jstype !== 'JS_STRING') return Number(item);
      return item;
    };
    if (field.map) {
      const map = new MapField<unknown>();
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) map.set(key, convert(item));
      message.values.set(name, map);
    } else if (field.repeated) message.values.set(name, (value as unknown[]).map(convert));
    else message.values.set(name, convert(value));
  }
  return message;
}

function defineAccessors(prototype: Record<string, unknown>, type: protobuf.Type): void {
  for (const field of type.fieldsArray) {
    const name = field.name;
    const Name = upperCamel(name);
    const siblings = field.partOf?.oneof.filter((other) => other !== name) ?? [];
    if (field.map) {
      prototype[`get${Name}Map`] = function (this: ProtocolMessage) {
        if (!this.values.has(name)) this.values.set(name, new MapField());
        return this.values.get(name);
      };
      prototype[`clear${Name}Map`] = function (this: ProtocolMessage) {
        this.values.delete(name);
        return this;
      };
    } else if (field.repeated) {
      const list = function (this: ProtocolMessage): unknown[] {
        if (!this.values.has(name)) this.values.set(name, []);
        return this.values.get(name) as unknown[];
      };
      prototype[`get${Name}List`] = list;
      prototype[`set${Name}List`] = function (this: ProtocolMessage, items: unknown[]) {
        this.values.set(name, [...items]);
        return this;
      };
      prototype[`add${Name}`] = function (this: ProtocolMessage, item: unknown, index?: number) {
        const items = list.call(this);
        if (index === undefined) items.push(item);
        else items.splice(index, 0, item);
        return item;
      };
      prototype[`clear${Name}List`] = function (this: ProtocolMessage) {
        this.values.delete(name);
        return this;
      };
    } else {
      prototype[`get${Name}`] = function (this: ProtocolMessage) {
        return this.values.has(name) ? this.values.get(name) : defaultOf(field);
      };
      prototype[`set${Name}`] = function (this: ProtocolMessage, value: unknown) {
        if (value === undefined || value === null) this.values.delete(name);
        else this.values.set(name, value);
        for (const sibling of siblings) this.values.delete(sibling);
        return this;
      };
      prototype[`has${Name}`] = function (this: ProtocolMessage) {
        return this.values.has(name);
      };
      prototype[`clear${Name}`] = function (this: ProtocolMessage) {
        this.values.delete(name);
        return this;
      };
      if (field.type === 'bytes') {
        prototype[`get${Name}_asU8`] = function (this: ProtocolMessage) {
          return bytesOf(this.values.get(name));
        };
        prototype[`get${Name}_asB64`] = function (this: ProtocolMessage) {
          return Buffer.from(bytesOf(this.values.get(name))).toString('base64');
        };
      }
    }
  }
  for (const oneof of type.oneofsArray) {
    prototype[`get${upperCamel(oneof.name)}Case`] = function (this: ProtocolMessage) {
      const set = oneof.fieldsArray.find((field) => this.values.has(field.name));
      return set?.id ?? 0;
    };
  }
}

/** Enum values under jspb's names: `Backwards` → `BACKWARDS`. */
const enumOf = (type: protobuf.Enum): Record<string, number> =>
  Object.fromEntries(Object.entries(type.values).map(([name, value]) => [name.toUpperCase(), value]));

function classFor(type: protobuf.Type): MessageClass {
  const existing = classes.get(type);
  if (existing) return existing;
  const Message = class {
    readonly values = new Map<string, unknown>();
    serializeBinary(): Uint8Array {
      return type.encode(type.fromObject(toPlain(type, this))).finish();
    }
    static deserializeBinary(bytes: Uint8Array): ProtocolMessage {
      return fromPlain(type, type.toObject(type.decode(bytes), DECODE_OPTIONS));
    }
  };
  classes.set(type, Message);
  defineAccessors(Message.prototype as unknown as Record<string, unknown>, type);
  const statics = Message as unknown as Record<string, unknown>;
  for (const oneof of type.oneofsArray) {
    const cases: Record<string, number> = { [`${oneof.name.toUpperCase()}_NOT_SET`]: 0 };
    for (const field of oneof.fieldsArray) cases[field.name.toUpperCase()] = field.id;
    statics[`${upperCamel(oneof.name)}Case`] = cases;
  }
  for (const nested of type.nestedArray) {
    if (nested instanceof protobuf.Type) statics[nested.name] = classFor(nested);
    if (nested instanceof protobuf.Enum) statics[nested.name] = enumOf(nested);
  }
  return Message;
}

/** Every message and enum of a package, as the `*_pb.js` module of generated code exports them. */
export function messagesOf(packageName: string): Record<string, unknown> {
  const namespace = root.lookup(packageName) as protobuf.Namespace;
  const exported: Record<string, unknown> = {};
  for (const nested of namespace.nestedArray) {
    if (nested instanceof protobuf.Type) exported[nested.name] = classFor(nested);
    if (nested instanceof protobuf.Enum) exported[nested.name] = enumOf(nested);
  }
  return exported;
}

/** A message's bytes as a Buffer: protobufjs already writes a Buffer under Node, so no copy is made. */
export const bytesAsBuffer = (bytes: Uint8Array): Buffer =>
  Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const lowerCamel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

/** A service as grpc-js takes it (`server.addService`), keyed like generated `*_grpc_pb.js` definitions. */
export function serviceDefinition(serviceName: string): grpc.ServiceDefinition {
  const service = root.lookupService(serviceName);
  const definition: Record<string, grpc.MethodDefinition<ProtocolMessage, ProtocolMessage>> = {};
  for (const method of service.methodsArray) {
    method.resolve();
    const request = classFor(method.resolvedRequestType as protobuf.Type);
    const response = classFor(method.resolvedResponseType as protobuf.Type);
    definition[lowerCamel(method.name)] = {
      path: `/${service.fullName.slice(1)}/${method.name}`,
      requestStream: method.requestStream === true,
      responseStream: method.responseStream === true,
      requestSerialize: (message) => bytesAsBuffer(message.serializeBinary()),
      requestDeserialize: (bytes) => request.deserializeBinary(bytes),
      responseSerialize: (message) => bytesAsBuffer(message.serializeBinary()),
      responseDeserialize: (bytes) => response.deserializeBinary(bytes),
      originalName: lowerCamel(method.name),
    };
  }
  return definition;
}
