// Conversions between the log's types and the protobuf messages of the Streams service.
import { encodeReadEventResponse } from './eventEncoding.js';
import { sharedPb, streamsPb } from './generated.js';
import type { RecordedEvent, ResolvedEvent } from '../store/types.js';

type UuidFormat = 'string' | 'structured';

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

function toRecorded(event: RecordedEvent, format: UuidFormat): InstanceType<typeof streamsPb.ReadResp.ReadEvent.RecordedEvent> {
  const recorded = new streamsPb.ReadResp.ReadEvent.RecordedEvent()
    .setId(toUuid(event.id, format))
    .setStreamIdentifier(streamIdentifier(event.streamId))
    .setStreamRevision(event.revision.toString())
    .setPreparePosition(event.position.toString())
    .setCommitPosition(event.position.toString())
    .setData(event.data)
    .setCustomMetadata(event.customMetadata);
  const metadata = recorded.getMetadataMap();
  metadata.set('type', event.type);
  metadata.set('content-type', event.contentType);
  metadata.set('created', event.created.toString());
  return recorded;
}

export function toReadEvent(resolved: ResolvedEvent, format: UuidFormat): InstanceType<typeof streamsPb.ReadResp.ReadEvent> {
  const readEvent = new streamsPb.ReadResp.ReadEvent().setCommitPosition(resolved.position.toString());
  if (resolved.event) readEvent.setEvent(toRecorded(resolved.event, format));
  if (resolved.link) readEvent.setLink(toRecorded(resolved.link, format));
  return readEvent;
}

/** A Streams.Read response: a jspb message, or the bytes of one already encoded (see eventEncoding.ts). */
export type ReadRespOrBytes = InstanceType<typeof streamsPb.ReadResp> | Buffer;

/** Event ids as strings (what the client asks for) are encoded straight to bytes; the structured form goes through jspb. */
export function eventResponse(resolved: ResolvedEvent, format: UuidFormat): ReadRespOrBytes {
  if (format === 'string') return encodeReadEventResponse(resolved.event, resolved.link, resolved.position);
  return new streamsPb.ReadResp().setEvent(toReadEvent(resolved, format));
}

export const serializeReadResp = (value: ReadRespOrBytes): Buffer =>
  Buffer.isBuffer(value) ? value : Buffer.from(value.serializeBinary());
