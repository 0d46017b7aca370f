// Delivered events encoded straight into one buffer, without building message objects: the hot path
// of every Read (Streams: bounded reads and catch-up subscriptions; PersistentSubscriptions).
import type { RecordedEvent } from '../store/types.js';

/** How the reader asked for event ids (the Node client always asks for strings). */
export type UuidFormat = 'string' | 'structured';

/*
 * Field numbers from streams.proto / persistent.proto / shared.proto (the same in both services):
 * ReadResp { ReadEvent event = 1 }
 * ReadEvent { RecordedEvent event = 1; RecordedEvent link = 2; uint64 commit_position = 3; int32 retry_count = 5 (persistent only) }
 * RecordedEvent { UUID id = 1; StreamIdentifier stream_identifier = 2; uint64 stream_revision = 3;
 *   uint64 prepare_position = 4; uint64 commit_position = 5; map<string, string> metadata = 6;
 *   bytes custom_metadata = 7; bytes data = 8 }
 * UUID { Structured structured = 1; string string = 2 }   Structured { int64 most_significant_bits = 1; int64 least_significant_bits = 2 }
 * StreamIdentifier { bytes stream_name = 3 }
 * Every tag below is (field << 3) | wire type, and fits in one byte. The bytes are exactly those of the
 * protobuf serializer (as jspb and protobufjs write it): zero numbers and empty bytes left out, map entries in key order.
 */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size += 1;
  return size;
}

const bigSize = (value: bigint): number =>
  value <= MAX_SAFE ? varintSize(Number(value)) : Math.ceil(value.toString(2).length / 7);
const fieldSize = (length: number): number => 1 + varintSize(length) + length;
/** An optional uint64 field: left out when zero. */
const numberFieldSize = (value: bigint): number => (value === 0n ? 0 : 1 + bigSize(value));
const bytesFieldSize = (value: Uint8Array): number => (value.length === 0 ? 0 : fieldSize(value.length));

/** UTF-8 length; ASCII (ids, types, stream names as a rule) is counted here rather than by a call into Buffer. */
function utf8Length(value: string): number {
  for (let i = 0; i < value.length; i += 1) {
    if (value.charCodeAt(i) >= 0x80) return Buffer.byteLength(value);
  }
  return value.length;
}

/** The UUID's two halves as unsigned 64-bit varint values (negative int64s are sent as their two's complement). */
function uuidHalves(id: string): [bigint, bigint] {
  const hex = id.replace(/-/g, '');
  return [BigInt.asUintN(64, BigInt(`0x${hex.slice(0, 16)}`)), BigInt.asUintN(64, BigInt(`0x${hex.slice(16, 32)}`))];
}

const CONTENT_TYPE = 'content-type';
const CREATED = 'created';
const TYPE = 'type';
const entrySize = (keyLength: number, valueLength: number): number => fieldSize(keyLength) + fieldSize(valueLength);

/** Writes into one preallocated buffer; sizes are computed first so nested lengths are known. */
class Cursor {
  offset = 0;
  constructor(readonly buffer: Buffer) {}

  byte(value: number): void {
    this.buffer[this.offset] = value;
    this.offset += 1;
  }

  varint(value: number): void {
    // Arithmetic rather than bit operators: those truncate to 32 bits.
    let rest = value;
    while (rest >= 0x80) {
      this.byte((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.byte(rest);
  }

  bigVarint(value: bigint): void {
    if (value <= MAX_SAFE) return this.varint(Number(value));
    let rest = value;
    while (rest >= 0x80n) {
      this.byte(Number(rest & 0x7fn) | 0x80);
      rest >>= 7n;
    }
    this.byte(Number(rest));
  }

  number(tag: number, value: bigint): void {
    if (value === 0n) return;
    this.byte(tag);
    this.bigVarint(value);
  }

  bytes(tag: number, value: Uint8Array): void {
    if (value.length === 0) return;
    this.byte(tag);
    this.varint(value.length);
    this.buffer.set(value, this.offset);
    this.offset += value.length;
  }

  text(tag: number, value: string, length: number): void {
    this.byte(tag);
    this.varint(length);
    if (length !== value.length) {
      this.offset += this.buffer.write(value, this.offset, 'utf8');
      return;
    }
    const { buffer } = this;
    let offset = this.offset;
    for (let i = 0; i < length; i += 1) buffer[offset++] = value.charCodeAt(i);
    this.offset = offset;
  }
}

/** One event's strings and sizes, measured once for both passes. */
class Measured {
  readonly created: string;
  readonly idLength: number;
  readonly halves: [bigint, bigint] | undefined;
  /** Size of the UUID's `structured` message (structured form only). */
  readonly structured: number;
  readonly uuid: number;
  readonly streamLength: number;
  readonly identifier: number;
  readonly typeLength: number;
  readonly contentTypeLength: number;
  readonly size: number;

  constructor(
    readonly event: RecordedEvent,
    format: UuidFormat,
  ) {
    this.created = event.created.toString();
    this.idLength = utf8Length(event.id);
    this.halves = format === 'structured' ? uuidHalves(event.id) : undefined;
    this.structured = this.halves ? numberFieldSize(this.halves[0]) + numberFieldSize(this.halves[1]) : 0;
    this.uuid = this.halves ? fieldSize(this.structured) : fieldSize(this.idLength);
    this.streamLength = utf8Length(event.streamId);
    this.identifier = fieldSize(this.streamLength);
    this.typeLength = utf8Length(event.type);
    this.contentTypeLength = utf8Length(event.contentType);
    this.size =
      fieldSize(this.uuid) +
      fieldSize(this.identifier) +
      numberFieldSize(event.revision) +
      2 * numberFieldSize(event.position) +
      fieldSize(entrySize(CONTENT_TYPE.length, this.contentTypeLength)) +
      fieldSize(entrySize(CREATED.length, this.created.length)) +
      fieldSize(entrySize(TYPE.length, this.typeLength)) +
      bytesFieldSize(event.customMetadata) +
      bytesFieldSize(event.data);
  }
}

function writeEntry(out: Cursor, key: string, value: string, valueLength: number): void {
  out.byte(0x32);
  out.varint(entrySize(key.length, valueLength));
  out.text(0x0a, key, key.length);
  out.text(0x12, value, valueLength);
}

function writeRecorded(out: Cursor, m: Measured): void {
  const { event } = m;
  out.byte(0x0a);
  out.varint(m.uuid);
  if (m.halves) {
    out.byte(0x0a);
    out.varint(m.structured);
    out.number(0x08, m.halves[0]);
    out.number(0x10, m.halves[1]);
  } else {
    out.text(0x12, event.id, m.idLength);
  }
  out.byte(0x12);
  out.varint(m.identifier);
  out.text(0x1a, event.streamId, m.streamLength);
  out.number(0x18, event.revision);
  out.number(0x20, event.position);
  out.number(0x28, event.position);
  writeEntry(out, CONTENT_TYPE, event.contentType, m.contentTypeLength);
  writeEntry(out, CREATED, m.created, m.created.length);
  writeEntry(out, TYPE, event.type, m.typeLength);
  out.bytes(0x3a, event.customMetadata);
  out.bytes(0x42, event.data);
}

/**
 * The bytes of `ReadResp { event: ReadEvent { event, link, commit_position, retry_count } }`;
 * `retryCount` only for persistent subscriptions.
 */
export function encodeReadEventResponse(
  shown: RecordedEvent | undefined,
  linked: RecordedEvent | undefined,
  position: bigint,
  format: UuidFormat = 'string',
  retryCount?: number,
): Buffer {
  const event = shown && new Measured(shown, format);
  const link = linked && new Measured(linked, format);
  const readEventSize =
    (event ? fieldSize(event.size) : 0) +
    (link ? fieldSize(link.size) : 0) +
    1 +
    bigSize(position) +
    (retryCount === undefined ? 0 : 1 + varintSize(retryCount));
  const out = new Cursor(Buffer.allocUnsafe(fieldSize(readEventSize)));
  out.byte(0x0a);
  out.varint(readEventSize);
  if (event) {
    out.byte(0x0a);
    out.varint(event.size);
    writeRecorded(out, event);
  }
  if (link) {
    out.byte(0x12);
    out.varint(link.size);
    writeRecorded(out, link);
  }
  // A oneof member: written even when zero.
  out.byte(0x18);
  out.bigVarint(position);
  if (retryCount !== undefined) {
    out.byte(0x28);
    out.varint(retryCount);
  }
  return out.buffer;
}
