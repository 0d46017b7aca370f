// Streams.BatchAppend responses encoded by hand: a success or a google.rpc.Status whose details the client unpacks into its error classes.
import * as grpc from '@grpc/grpc-js';
import type { ExpectedRevision } from '../store/types.js';

/*
 * Field numbers from streams.proto / shared.proto / status.proto:
 * BatchAppendResp { UUID correlation_id = 1; oneof result { google.rpc.Status error = 2; Success success = 3 }; StreamIdentifier stream_identifier = 4 }
 * Success { oneof { uint64 current_revision = 1; Empty no_stream = 2 }; oneof { AllStreamPosition position = 3; Empty no_position = 4 } }
 * AllStreamPosition { uint64 commit_position = 1; uint64 prepare_position = 2 }   StreamIdentifier { bytes stream_name = 3 }
 * google.rpc.Status { int32 code = 1; string message = 2; google.protobuf.Any details = 3 }   Any { string type_url = 1; bytes value = 2 }
 * WrongExpectedVersion { oneof { uint64 current_stream_revision = 1; Empty current_no_stream = 2 };
 *                        oneof { uint64 expected_stream_position = 3; Empty expected_any = 4; Empty expected_stream_exists = 5; Empty expected_no_stream = 6 } }
 * StreamDeleted { StreamIdentifier stream_identifier = 1 }   MaximumAppendSizeExceeded { uint32 maxAppendSize = 1 }   BadRequest { string message = 1 }
 */

const EMPTY = Buffer.alloc(0);

function varint(value: bigint | number): Buffer {
  let rest = BigInt(value);
  const bytes: number[] = [];
  while (rest >= 0x80n) {
    bytes.push(Number(rest & 0x7fn) | 0x80);
    rest >>= 7n;
  }
  bytes.push(Number(rest));
  return Buffer.from(bytes);
}

const varintField = (field: number, value: bigint | number): Buffer =>
  Buffer.concat([varint(field * 8), varint(value)]);
const bytesField = (field: number, value: Uint8Array): Buffer =>
  Buffer.concat([varint(field * 8 + 2), varint(value.length), value]);
const textField = (field: number, value: string): Buffer => bytesField(field, Buffer.from(value, 'utf8'));

/** A google.rpc.Status as EventStoreDB fills it: a code, a short message, and one detail the client recognises by its type name. */
export interface AppendStatus {
  readonly code: grpc.status;
  readonly message: string;
  readonly detailType: string;
  readonly detail: Buffer;
}

const status = (code: grpc.status, message: string, detailType: string, detail: Buffer = EMPTY): AppendStatus => ({
  code,
  message,
  detailType,
  detail,
});

const streamIdentifier = (stream: string): Buffer => textField(3, stream);

export function wrongExpectedVersionStatus(expected: ExpectedRevision, actual: bigint | 'no_stream'): AppendStatus {
  const current = actual === 'no_stream' ? bytesField(2, EMPTY) : varintField(1, actual);
  let expectation: Buffer;
  if (expected === 'any') expectation = bytesField(4, EMPTY);
  else if (expected === 'stream_exists') expectation = bytesField(5, EMPTY);
  else if (expected === 'no_stream') expectation = bytesField(6, EMPTY);
  else expectation = varintField(3, expected);
  return status(
    grpc.status.ALREADY_EXISTS,
    'WrongExpectedVersion',
    'WrongExpectedVersion',
    Buffer.concat([current, expectation]),
  );
}

export const streamDeletedStatus = (stream: string): AppendStatus =>
  status(grpc.status.NOT_FOUND, 'StreamDeleted', 'StreamDeleted', bytesField(1, streamIdentifier(stream)));

export const maximumAppendSizeExceededStatus = (maxAppendSize: number): AppendStatus =>
  status(
    grpc.status.INVALID_ARGUMENT,
    'MaximumAppendSizeExceeded',
    'MaximumAppendSizeExceeded',
    varintField(1, maxAppendSize),
  );

export const timeoutStatus = (): AppendStatus => status(grpc.status.DEADLINE_EXCEEDED, 'Timeout', 'Timeout');

/**
 * A request the server will not carry out. The real server's message is just "BadRequest"; the
 * client shows only the message ("Could not recognize …"), so here it says what was wrong.
 */
export const badRequestStatus = (reason: string): AppendStatus =>
  status(grpc.status.INVALID_ARGUMENT, reason, 'BadRequest', textField(1, reason));

const encodeStatus = ({ code, message, detailType, detail }: AppendStatus): Buffer => {
  const any = Buffer.concat([
    textField(1, `type.googleapis.com/event_store.client.${detailType}`),
    bytesField(2, detail),
  ]);
  return Buffer.concat([varintField(1, code), textField(2, message), bytesField(3, any)]);
};

/** Every answer names its stream: the client reads the stream name of an error answer without checking that it is there. */
export function encodeFailure(correlation: Uint8Array, stream: string, failure: AppendStatus): Buffer {
  return Buffer.concat([
    bytesField(1, correlation),
    bytesField(2, encodeStatus(failure)),
    bytesField(4, streamIdentifier(stream)),
  ]);
}

/** Bytes of a non-negative integer as a varint. */
function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80; rest = Math.floor(rest / 0x80)) size++;
  return size;
}

function putVarint(out: Buffer, offset: number, value: number): number {
  let rest = value;
  while (rest >= 0x80) {
    out[offset++] = (rest % 0x80) | 0x80;
    rest = Math.floor(rest / 0x80);
  }
  out[offset++] = rest;
  return offset;
}

/**
 * A revision or position below 0 means none (an empty append to a stream that does not exist).
 * The hot path: written straight into one buffer, with plain numbers while they are exact.
 */
export function encodeSuccess(
  correlation: Uint8Array,
  stream: string,
  currentRevision: bigint,
  position: bigint,
): Buffer {
  if (currentRevision > BigInt(Number.MAX_SAFE_INTEGER) || position > BigInt(Number.MAX_SAFE_INTEGER)) {
    return encodeSuccessSlowly(correlation, stream, currentRevision, position);
  }
  const revision = Number(currentRevision);
  const commit = Number(position);
  const name = Buffer.byteLength(stream, 'utf8');
  const identifier = 1 + varintSize(name) + name;
  const positionBody = commit < 0 ? 0 : 2 * (1 + varintSize(commit));
  const success = (revision < 0 ? 2 : 1 + varintSize(revision)) + 1 + varintSize(positionBody) + positionBody;
  const total =
    1 +
    varintSize(correlation.length) +
    correlation.length +
    1 +
    varintSize(success) +
    success +
    1 +
    varintSize(identifier) +
    identifier;
  const out = Buffer.allocUnsafe(total);
  out[0] = 0x0a;
  let at = putVarint(out, 1, correlation.length);
  out.set(correlation, at);
  at += correlation.length;
  out[at++] = 0x1a;
  at = putVarint(out, at, success);
  if (revision < 0) {
    out[at++] = 0x12;
    out[at++] = 0;
  } else {
    out[at++] = 0x08;
    at = putVarint(out, at, revision);
  }
  if (commit < 0) {
    out[at++] = 0x22;
    out[at++] = 0;
  } else {
    out[at++] = 0x1a;
    at = putVarint(out, at, positionBody);
    out[at++] = 0x08;
    at = putVarint(out, at, commit);
    out[at++] = 0x10;
    at = putVarint(out, at, commit);
  }
  out[at++] = 0x22;
  at = putVarint(out, at, identifier);
  out[at++] = 0x1a;
  at = putVarint(out, at, name);
  out.write(stream, at, 'utf8');
  return out;
}

function encodeSuccessSlowly(
  correlation: Uint8Array,
  stream: string,
  currentRevision: bigint,
  position: bigint,
): Buffer {
  const revision = currentRevision < 0n ? bytesField(2, EMPTY) : varintField(1, currentRevision);
  const where =
    position < 0n
      ? bytesField(4, EMPTY)
      : bytesField(3, Buffer.concat([varintField(1, position), varintField(2, position)]));
  return Buffer.concat([
    bytesField(1, correlation),
    bytesField(3, Buffer.concat([revision, where])),
    bytesField(4, streamIdentifier(stream)),
  ]);
}
