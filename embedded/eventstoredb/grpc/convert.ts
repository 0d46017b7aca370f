// Conversions between the log's types and the protobuf messages of the Streams service.
import { encodeReadEventResponse, type UuidFormat } from './eventEncoding.js';
import { bytesAsBuffer } from './messages.js';
import { sharedPb, streamsPb } from './protocol.js';
import type { ResolvedEvent } from '../store/types.js';

export function toUuid(id: string, format: UuidFormat): InstanceType<typeof sharedPb.UUID> {
  const uuid = new sharedPb.UUID();
  if (format === 'string') return uuid.setString(id);
  // The structured form is the two signed 64-bit halves of the 16 bytes in RFC order.
  const bytes = Buffer.from(id.replace(/-/g, ''), 'hex');
  const structured = new sharedPb.UUID.Structured()
    .setMostSignificantBits(bytes.readBigInt64BE(0).toString())
    .setLeastSignificantBits(bytes.readBigInt64BE(8).toString());
  return uuid.setStructured(structured);
}

export function fromUuid(uuid: InstanceType<typeof sharedPb.UUID> | undefined): string {
  if (!uuid) return '';
  if (uuid.hasStructured()) {
    const structured = uuid.getStructured();
    const bytes = Buffer.alloc(16);
    bytes.writeBigInt64BE(BigInt(structured?.getMostSignificantBits() ?? '0'), 0);
    bytes.writeBigInt64BE(BigInt(structured?.getLeastSignificantBits() ?? '0'), 8);
    const hex = bytes.toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
  return uuid.getString().toLowerCase();
}

export function streamIdentifier(stream: string): InstanceType<typeof sharedPb.StreamIdentifier> {
  return new sharedPb.StreamIdentifier().setStreamName(Buffer.from(stream, 'utf8'));
}

export function streamName(identifier: InstanceType<typeof sharedPb.StreamIdentifier> | undefined): string {
  return identifier ? Buffer.from(identifier.getStreamName_asU8()).toString('utf8') : '';
}

/** A Streams.Read response: a message object, or the bytes of one already encoded (see eventEncoding.ts). */
export type ReadRespOrBytes = InstanceType<typeof streamsPb.ReadResp> | Buffer;

/** An event for a Streams.Read call, encoded straight to bytes (see eventEncoding.ts). */
export function eventResponse(resolved: ResolvedEvent, format: UuidFormat): Buffer {
  return encodeReadEventResponse(resolved.event, resolved.link, resolved.position, format);
}

export const serializeReadResp = (value: ReadRespOrBytes): Buffer =>
  Buffer.isBuffer(value) ? value : bytesAsBuffer(value.serializeBinary());
