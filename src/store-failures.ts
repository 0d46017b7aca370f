// Which failures mean a store cannot be reached right now, and a name for any failure that is safe to show outside.
import { CancelledError, DeadlineExceededError, TimeoutError, UnavailableError } from '@eventstore/db-client';
import {
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';

export type StoreName = 'eventstoredb' | 'mongodb';

/**
 * A request should fail within seconds (503) and be retried by its client, where the driver's defaults wait 30 s to
 * select a server and find a hanging one at its next heartbeat, 10 s away. A heartbeat every 2 s that gets no answer
 * within 3 s marks the server unknown and interrupts the operations waiting on it, which then fail rather than retry
 * (a retried read waited 3 s more to select a server: the client retries instead, after Retry-After); selecting a
 * server gives up after 3 s; an operation that somehow waits 10 s for its reply gives up then. Reconnection goes on
 * in the background.
 */
export const failFastMongoOptions = {
  serverSelectionTimeoutMS: 3_000,
  connectTimeoutMS: 3_000,
  heartbeatFrequencyMS: 2_000,
  socketTimeoutMS: 10_000,
  retryReads: false,
} as const;

/** A store that cannot be reached: the request may succeed later, so the API answers 503 with Retry-After. */
export class StoreUnavailableError extends Error {
  readonly code = 'StoreUnavailable';
  override readonly name = 'StoreUnavailableError';

  constructor(
    readonly store: StoreName,
    override readonly cause: unknown,
  ) {
    super(`${store} is unavailable`);
  }
}

/**
 * The store a failure says is out of reach, or undefined for any other failure. gRPC's UNAVAILABLE (refused, reset),
 * an expired deadline or a call cancelled under a closing channel are EventStoreDB's; a server that cannot be selected
 * in time, a network error or a closed topology are MongoDB's.
 */
export function unavailableStore(error: unknown): StoreName | undefined {
  if (error instanceof StoreUnavailableError) return error.store;
  if (
    error instanceof UnavailableError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError
  ) {
    return 'eventstoredb';
  }
  if (isGrpcStatus(error, [GRPC_DEADLINE_EXCEEDED, GRPC_UNAVAILABLE])) return 'eventstoredb';
  if (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoNotConnectedError ||
    error instanceof MongoTopologyClosedError
  ) {
    return 'mongodb';
  }
  return undefined;
}

const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_UNAVAILABLE = 14;

/** Some calls of the EventStoreDB client (batch appends, subscription info) pass gRPC's own error on unconverted. */
function isGrpcStatus(error: unknown, codes: readonly number[]): boolean {
  const failure = error as { code?: unknown; details?: unknown; metadata?: { getMap?: unknown } } | null;
  return (
    error instanceof Error &&
    typeof failure?.code === 'number' &&
    codes.includes(failure.code) &&
    typeof failure.details === 'string' &&
    typeof failure.metadata?.getMap === 'function'
  );
}

/** A code or error name that is only a short identifier, nothing that could carry data. */
const SHOWN_NAME = /^[A-Za-z][A-Za-z0-9]{0,63}$/;

/**
 * A failure as /processes and /ready show it: which store was out of reach, or the typed error's code, never the
 * message (it may carry addresses, stream contents or a stack; the log has it).
 */
export function failureName(error: unknown): string {
  const store = unavailableStore(error);
  if (store) return `${store === 'eventstoredb' ? 'EventStoreDB' : 'MongoDB'}Unavailable`;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && SHOWN_NAME.test(code)) return code;
  if (error instanceof Error && SHOWN_NAME.test(error.name)) return error.name;
  return 'UnexpectedError';
}
