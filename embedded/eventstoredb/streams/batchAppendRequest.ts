// Streams.BatchAppend requests decoded by hand (string UUIDs, the common case), with the message decoder (messages.ts) as fallback.
import { fromUuid, streamName } from '../grpc/convert.js';
import { streamsPb } from '../grpc/protocol.js';
import { Reader, decodeStringUuid, unusual } from '../grpc/wireReader.js';
import type { ExpectedRevision } from '../store/types.js';
import { decodeProposed, type ProposedFields } from './appendRequest.js';

type BatchAppendReq = InstanceType<typeof streamsPb.BatchAppendReq>;

/** A correlation id: its canonical (lower-case) text, and its UUID message exactly as sent, to echo in the answer. */
export interface Correlation {
  readonly key: string;
  readonly bytes: Uint8Array;
}

export interface BatchAppendOptions {
  /** Undefined when the stream identifier is absent (the real server's "Required field StreamIdentifier not set."). */
  readonly stream: string | undefined;
  readonly expected: ExpectedRevision;
  /** Milliseconds since the epoch; absent when the client set none. */
  readonly deadline?: number;
}

/** One BatchAppendReq; `malformed` says why it could not be read (then only `correlation` may be known). */
export interface BatchAppendMessage {
  readonly correlation?: Correlation;
  readonly options?: BatchAppendOptions;
  readonly proposed: readonly ProposedFields[];
  readonly isFinal: boolean;
  readonly malformed?: string;
}

/*
 * Field numbers from streams.proto / shared.proto (EventStoreDB 24.10):
 * BatchAppendReq { UUID correlation_id = 1; Options options = 2; repeated ProposedMessage proposed_messages = 3; bool is_final = 4 }
 * Options { StreamIdentifier stream_identifier = 1;
 *           oneof expected_stream_position { uint64 stream_position = 2; Empty no_stream = 3; Empty any = 4; Empty stream_exists = 5 }
 *           oneof deadline_option { Timestamp deadline_21_10_0 = 6; Duration deadline = 7 } }
 * StreamIdentifier { bytes stream_name = 3 }   Timestamp / Duration { int64 seconds = 1; int32 nanos = 2 }
 * The protocol descriptor (from the 6.2.1 client's protos) only knows field 6, so `deadline` (7) is read by hand only.
 */

const VARINT = 0;
const LENGTH_DELIMITED = 2;

/** A uint64 varint as a bigint (revisions can exceed 2^53). */
function varint64(r: Reader): bigint {
  let value = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (r.done) throw unusual;
    const byte = r.buffer[r.offset++];
    value |= BigInt(byte & 0x7f) << shift;
    if (byte < 0x80) return value;
    shift += 7n;
  }
  throw unusual;
}

function tag(r: Reader): { field: number; wire: number } {
  const value = r.varint();
  return { field: Math.floor(value / 8), wire: value & 7 };
}

/** Timestamp or Duration as milliseconds; negative values (ten-byte varints) are left to the message decoder. */
function decodeSecondsNanos(buffer: Buffer, [start, end]: [number, number]): number {
  const r = new Reader(buffer, start, end);
  let seconds = 0;
  let nanos = 0;
  while (!r.done) {
    const { field, wire } = tag(r);
    if (wire !== VARINT || (field !== 1 && field !== 2)) throw unusual;
    if (field === 1) seconds = r.varint();
    else nanos = r.varint();
  }
  return seconds * 1_000 + nanos / 1_000_000;
}

function decodeStreamIdentifier(buffer: Buffer, [start, end]: [number, number]): string {
  const r = new Reader(buffer, start, end);
  let name = '';
  while (!r.done) {
    if (r.field() !== 3) throw unusual;
    const [from, to] = r.delimited();
    name = buffer.toString('utf8', from, to);
  }
  return name;
}

function decodeOptions(buffer: Buffer, [start, end]: [number, number], now: () => number): BatchAppendOptions {
  const r = new Reader(buffer, start, end);
  let stream: string | undefined;
  let expected: ExpectedRevision = 'any';
  let deadline: number | undefined;
  while (!r.done) {
    const { field, wire } = tag(r);
    if (field === 2 && wire === VARINT) {
      expected = varint64(r);
      continue;
    }
    if (wire !== LENGTH_DELIMITED) throw unusual;
    const value = r.delimited();
    if (field === 1) stream = decodeStreamIdentifier(buffer, value);
    else if (field === 3) expected = 'no_stream';
    else if (field === 4) expected = 'any';
    else if (field === 5) expected = 'stream_exists';
    else if (field === 6) deadline = decodeSecondsNanos(buffer, value);
    else if (field === 7) deadline = now() + decodeSecondsNanos(buffer, value);
    else throw unusual;
  }
  return { stream, expected, deadline };
}

/** What the hand decoder had read before it gave up: a malformed request is still answered under its correlation id. */
interface Seen {
  correlation?: Correlation;
}

function decodeByHand(buffer: Buffer, seen: Seen, now: () => number): BatchAppendMessage {
  const r = new Reader(buffer, 0, buffer.length);
  let options: BatchAppendOptions | undefined;
  const proposed: ProposedFields[] = [];
  let isFinal = false;
  while (!r.done) {
    const { field, wire } = tag(r);
    if (field === 4 && wire === VARINT) {
      isFinal = r.varint() !== 0;
      continue;
    }
    if (wire !== LENGTH_DELIMITED) throw unusual;
    const value = r.delimited();
    if (field === 1 && seen.correlation === undefined) {
      seen.correlation = {
        key: decodeStringUuid(buffer, value),
        bytes: new Uint8Array(buffer.subarray(value[0], value[1])),
      };
    } else if (field === 2 && options === undefined) options = decodeOptions(buffer, value, now);
    else if (field === 3) proposed.push(decodeProposed(buffer, value));
    else throw unusual;
  }
  return { correlation: seen.correlation, options, proposed, isFinal };
}

function optionsViaJspb(options: InstanceType<typeof streamsPb.BatchAppendReq.Options>): BatchAppendOptions {
  const stream = options.hasStreamIdentifier() ? streamName(options.getStreamIdentifier()) : undefined;
  let expected: ExpectedRevision = 'any';
  if (options.hasStreamPosition()) expected = BigInt(options.getStreamPosition());
  else if (options.hasNoStream()) expected = 'no_stream';
  else if (options.hasStreamExists()) expected = 'stream_exists';
  const timestamp = options.getDeadline();
  const deadline = timestamp ? timestamp.getSeconds() * 1_000 + timestamp.getNanos() / 1_000_000 : undefined;
  return { stream, expected, deadline };
}

function viaJspb(buffer: Buffer): BatchAppendMessage {
  const request: BatchAppendReq = streamsPb.BatchAppendReq.deserializeBinary(new Uint8Array(buffer));
  const uuid = request.getCorrelationId();
  const correlation = uuid ? { key: fromUuid(uuid), bytes: uuid.serializeBinary() } : undefined;
  const options = request.getOptions();
  const proposed = request.getProposedMessagesList().map((message): ProposedFields => {
    const metadata = new Map<string, string>();
    for (const [key, value] of message.getMetadataMap().entries()) metadata.set(key, value);
    return {
      id: fromUuid(message.getId()),
      metadata,
      customMetadata: message.getCustomMetadata_asU8(),
      data: message.getData_asU8(),
    };
  });
  return {
    correlation,
    options: options ? optionsViaJspb(options) : undefined,
    proposed,
    isFinal: request.getIsFinal(),
  };
}

/**
 * The BatchAppend method's request deserializer. It never throws: grpc-js would fail the whole call
 * (every append on the client's connection) for one bad message, so a malformed one is returned
 * as such, with its correlation id when that much could be read.
 */
export function decodeBatchAppendRequest(buffer: Buffer, now: () => number = Date.now): BatchAppendMessage {
  const seen: Seen = {};
  try {
    return decodeByHand(buffer, seen, now);
  } catch {
    try {
      return viaJspb(buffer);
    } catch (error) {
      return { correlation: seen.correlation, proposed: [], isFinal: false, malformed: String(error) };
    }
  }
}
