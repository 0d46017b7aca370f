// On-disk framing of one commit (all events of one append): length + CRC-32 + payload, so a torn tail is detectable.
import { crc32 } from 'node:zlib';
import type { RecordedEvent } from './types.js';

/** Bytes before the payload: payload length (u32) and CRC-32 of the payload (u32), little-endian. */
export const HEADER_SIZE = 8;
const FORMAT_VERSION = 1;

class Writer {
  private offset = 0;
  constructor(readonly buffer: Buffer) {}
  u8(value: number): void {
    this.offset = this.buffer.writeUInt8(value, this.offset);
  }
  u32(value: number): void {
    this.offset = this.buffer.writeUInt32LE(value, this.offset);
  }
  i64(value: bigint): void {
    this.offset = this.buffer.writeBigInt64LE(value, this.offset);
  }
  bytes(value: Uint8Array): void {
    this.u32(value.byteLength);
    this.buffer.set(value, this.offset);
    this.offset += value.byteLength;
  }
  text(value: string): void {
    this.u32(Buffer.byteLength(value));
    this.offset += this.buffer.write(value, this.offset);
  }
}

class Reader {
  private offset = 0;
  constructor(private readonly buffer: Buffer) {}
  u8(): number {
    return this.buffer.readUInt8(this.offset++);
  }
  u32(): number {
    const value = this.buffer.readUInt32LE(this.offset);
    this.offset += 4;
    return value;
  }
  i64(): bigint {
    const value = this.buffer.readBigInt64LE(this.offset);
    this.offset += 8;
    return value;
  }
  bytes(): Uint8Array {
    const length = this.u32();
    if (this.offset + length > this.buffer.length) throw new RangeError('field runs past the record');
    // A copy, so that the file buffer read at start-up can be released.
    const value = Uint8Array.prototype.slice.call(this.buffer, this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
  text(): string {
    const length = this.u32();
    if (this.offset + length > this.buffer.length) throw new RangeError('field runs past the record');
    const value = this.buffer.toString('utf8', this.offset, this.offset + length);
    this.offset += length;
    return value;
  }
}

const textSize = (value: string): number => 4 + Buffer.byteLength(value);

function eventSize(e: RecordedEvent): number {
  return (
    24 +
    textSize(e.streamId) +
    textSize(e.id) +
    textSize(e.type) +
    textSize(e.contentType) +
    8 +
    e.data.byteLength +
    e.customMetadata.byteLength
  );
}

/** Encodes the events of one commit as one framed record, so that they load all together or not at all. */
export function encodeCommit(events: readonly RecordedEvent[]): Buffer {
  let payloadSize = 1 + 4;
  for (const e of events) payloadSize += eventSize(e);
  const record = Buffer.allocUnsafe(HEADER_SIZE + payloadSize);
  const w = new Writer(record.subarray(HEADER_SIZE));
  w.u8(FORMAT_VERSION);
  w.u32(events.length);
  for (const e of events) {
    w.text(e.streamId);
    w.i64(e.revision);
    w.i64(e.position);
    w.i64(e.created);
    w.text(e.id);
    w.text(e.type);
    w.text(e.contentType);
    w.bytes(e.data);
    w.bytes(e.customMetadata);
  }
  record.writeUInt32LE(payloadSize, 0);
  record.writeUInt32LE(crc32(record.subarray(HEADER_SIZE)), 4);
  return record;
}

export type FrameCheck =
  | { readonly kind: 'ok'; readonly payload: Buffer; readonly end: number }
  /** The record does not fit in the bytes left: a write was cut short. */
  | { readonly kind: 'torn' }
  | { readonly kind: 'bad_checksum'; readonly end: number };

/** Checks the framed record starting at `offset` of `file`. */
export function checkFrame(file: Buffer, offset: number): FrameCheck {
  if (offset + HEADER_SIZE > file.length) return { kind: 'torn' };
  const length = file.readUInt32LE(offset);
  const end = offset + HEADER_SIZE + length;
  if (end > file.length) return { kind: 'torn' };
  const payload = file.subarray(offset + HEADER_SIZE, end);
  if (crc32(payload) !== file.readUInt32LE(offset + 4)) return { kind: 'bad_checksum', end };
  return { kind: 'ok', payload, end };
}

export function decodeCommit(payload: Buffer): RecordedEvent[] {
  const r = new Reader(payload);
  const version = r.u8();
  if (version !== FORMAT_VERSION) throw new RangeError(`unknown record format ${version}`);
  const count = r.u32();
  const events: RecordedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const streamId = r.text();
    const revision = r.i64();
    const position = r.i64();
    const created = r.i64();
    const id = r.text();
    const type = r.text();
    const contentType = r.text();
    const data = r.bytes();
    const customMetadata = r.bytes();
    events.push({ streamId, revision, position, created, id, type, contentType, data, customMetadata });
  }
  return events;
}
