// Errors as EventStoreDB sends them: a gRPC status plus the `exception` trailer and the named trailers the client reads.
import * as grpc from '@grpc/grpc-js';
import type { ExpectedRevision } from '../store/types.js';

export interface EsdbServiceError extends grpc.ServiceError {
  /** The `exception` trailer, which the client maps to its error class. */
  readonly exception: string | undefined;
}

export function rpcError(
  code: grpc.status,
  exception: string | undefined,
  details: string,
  trailers: Record<string, string> = {},
): EsdbServiceError {
  const metadata = new grpc.Metadata();
  if (exception !== undefined) metadata.set('exception', exception);
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata, exception });
}

/** The wire form of an expectation in trailers: -2 any, -1 no stream, -4 stream exists. */
export function expectedVersionTrailer(expected: ExpectedRevision): string {
  if (expected === 'any') return '-2';
  if (expected === 'no_stream') return '-1';
  if (expected === 'stream_exists') return '-4';
  return expected.toString();
}

export function wrongExpectedVersion(
  stream: string,
  expected: ExpectedRevision,
  actual: bigint | 'no_stream',
): EsdbServiceError {
  const actualText = actual === 'no_stream' ? '' : actual.toString();
  return rpcError(
    grpc.status.FAILED_PRECONDITION,
    'wrong-expected-version',
    `Append failed due to WrongExpectedVersion. Stream: ${stream}, Expected version: ${expectedVersionTrailer(expected)}, Actual version: ${actualText || '-1'}`,
    { 'stream-name': stream, 'expected-version': expectedVersionTrailer(expected), 'actual-version': actualText },
  );
}

export function streamDeleted(stream: string): EsdbServiceError {
  return rpcError(grpc.status.FAILED_PRECONDITION, 'stream-deleted', `Event stream '${stream}' is deleted.`, {
    'stream-name': stream,
  });
}

export function maximumAppendSizeExceeded(maxAppendSize: number): EsdbServiceError {
  return rpcError(
    grpc.status.INVALID_ARGUMENT,
    'maximum-append-size-exceeded',
    `Maximum Append Size of ${maxAppendSize} Exceeded.`,
    {
      'maximum-append-size': String(maxAppendSize),
    },
  );
}

/** The trailer always lists every required property, as EventStoreDB does, whichever one is missing. */
export function missingRequiredMetadata(property: string): EsdbServiceError {
  return rpcError(
    grpc.status.INVALID_ARGUMENT,
    'missing-required-metadata-property',
    `Required Metadata Property '${property}' is missing`,
    { 'required-metadata-properties': 'type,content-type' },
  );
}

export function invalidArgument(details: string): EsdbServiceError {
  return rpcError(grpc.status.INVALID_ARGUMENT, undefined, details);
}

export function unavailable(details: string): EsdbServiceError {
  return rpcError(grpc.status.UNAVAILABLE, undefined, details);
}
