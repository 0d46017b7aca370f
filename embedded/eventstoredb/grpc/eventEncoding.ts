// Delivered events encoded straight into one buffer, without building jspb objects: the hot path
// of every Read (Streams: bounded reads and catch-up subscriptions; PersistentSubscriptions).
import type { RecordedEvent } from '../store/types.js';

/*
 * Field numbers from streams.proto / persistent.proto / shared.proto (the same in both services):
 * ReadResp { ReadEvent event = 1 }
 * ReadEvent { RecordedEvent event = 1; RecordedEvent link = 2; uint64 commit_position = 3; int32 retry_count = 5 (persistent only) }
 * RecordedEvent { UUID id = 1; StreamIdentifier stream_identifier = 2; uint64 stream_revision = 3;
 *   uint64 prepare_position = 4; uint64 commit_position = 5; map<string, string> metadata = 6;
 *   bytes custom_metadata = 7; bytes data = 8 }
 * UUID { string string = 2 }   StreamIdentifier { bytes stream_name = 3 }
 * Every tag below is (field << 3) | wire type, and fits in one byte.
 */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size += 1;
  return size;
}

const bigSize = (value: bigint): number => (value <= MAX_SAFE ? varintSize(Number(value)) : Math.ceil(value.toString(2).length / 7));
const fieldSize = (length: number): number => 1 + varintSize(length) + length;

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

  bytes(tag: number, value: Uint8Array): void {
    this.byte(tag);
    this.varint(value.length);
    this.buffer.set(value, this.offset);
    this.offset += value.length;
  }

  text(tag: number, value: string, length: number): void {
    this.byte(tag);
    this.varint(length);
    this.offset += this.buffer.write(value, this.offset, 'utf8');
  }
}

/** One event's strings and sizes, measured once for both passes. */
interface Measured {
  readonly event: RecordedEvent;
  readonly created: string;
  readonly lengths: { id: number; stream: number; type: number; contentType: number; created: number };
  readonly uuid: number;
  readonly identifier: number;
  readonly entries: [number, number, number];
  readonly size: number;
}

function measure(event: RecordedEvent): Measured {
  const created = event.created.toString();
  const lengths = {
    id: Buffer.byteLength(event.id),
    stream: Buffer.byteLength(event.streamId),
    type: Buffer.byteLength(event.type),
    contentType: Buffer.byteLength(event.contentType),
    created: created.length,
  };
  const uuid = fieldSize(lengths.id);
  const identifier = fieldSize(lengths.stream);
  const entries: [number, number, number] = [
    fieldSize(4) + fieldSize(lengths.type),
    fieldSize(12) + fieldSize(lengths.contentType),
    fieldSize(7) + fieldSize(lengths.created),
  ];
  const size =
    fieldSize(uuid) +
    fieldSize(identifier) +
    1 + bigSize(event.revision) +
    2 * (1 + bigSize(event.position)) +
    entries.reduce((sum, entry) => sum + fieldSize(entry), 0) +
    fieldSize(event.customMetadata.length) +
    fieldSize(event.data.length);
  return { event, created, lengths, uuid, identifier, entries, size };
}

function writeRecorded(out: Cursor, m: Measured): void {
  const { event, lengths } = m;
  out.byte(0x0a);
  out.varint(m.uuid);
  out.text(0x12, event.id, lengths.id);
  out.byte(0x12);
  out.varint(m.identifier);
  out.text(0x1a, event.streamId, lengths.stream);
  out.byte(0x18);
  out.bigVarint(event.revision);
  out.byte(0x20);
  out.bigVarint(event.position);
  out.byte(0x28);
  out.bigVarint(event.position);
  const entries: [string, number, string, number][] = [
    ['type', 4, event.type, lengths.type],
    ['content-type', 12, event.contentType, lengths.contentType],
    ['created', 7, m.created, lengths.created],
  ];
  entries.forEach(([key, keyLength, value, valueLength], i) => {
    out.byte(0x32);
    out.varint(m.entries[i]);
    out.text(0x0a, key, keyLength);
    out.text(0x12, value, valueLength);
  });
  out.bytes(0x3a, event.customMetadata);
  out.bytes(0x42, event.data);
}

/**
 * The bytes of `ReadResp { event: ReadEvent { event, link, commit_position, retry_count } }` with
 * event ids as strings; `retryCount` only for persistent subscriptions.
 */
export function encodeReadEventResponse(
  shown: RecordedEvent | undefined,
  linked: RecordedEvent | undefined,
  position: bigint,
  retryCount?: number,
): Buffer {
  const event = shown && measure(shown);
  const link = linked && measure(linked);
  const readEventSize =
    (event ? fieldSize(event.size) : 0) +
    (link ? fieldSize(link.size) : 0) +
    1 + bigSize(position) +
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
  out.byte(0x18);
  out.bigVarint(position);
  if (retryCount !== undefined) {
    out.byte(0x28);
    out.varint(retryCount);
  }
  return out.buffer;
}
