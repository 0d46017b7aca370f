// The client the conformance specs speak through: @eventstore/db-client 6.2.1 (the service's), or with
// ESDB_TEST_CLIENT=kurrent the maintained @kurrent/kurrentdb-client 1.x. Never both in one process: the two
// ship generated classes of the same protocol that google-protobuf keeps in one namespace per process.
import type * as Esdb from '@eventstore/db-client';

const useKurrent = process.env.ESDB_TEST_CLIENT === 'kurrent';

/** Both clients export the same names for what the specs use; typed here as the 6.2.1 client's. */
const chosen = (useKurrent
  ? await import('@kurrent/kurrentdb-client')
  : await import('@eventstore/db-client')) as unknown as typeof Esdb & {
  KurrentDBClient?: { connectionString(connectionString: string): Esdb.EventStoreDBClient };
};

export const clientPackage = useKurrent ? '@kurrent/kurrentdb-client' : '@eventstore/db-client';

/** A client for the server at `connectionString` (an `esdb://` one; the Kurrent client is given `kurrentdb://`). */
export function connect(connectionString: string): Esdb.EventStoreDBClient {
  if (!useKurrent || chosen.KurrentDBClient === undefined)
    return chosen.EventStoreDBClient.connectionString(connectionString);
  const client = chosen.KurrentDBClient.connectionString(
    connectionString.replace(/^esdb(\+discover)?:\/\//, 'kurrentdb$1://'),
  );
  // The Kurrent client names appendToStream's expectation `streamState`; the rest of the API the specs use is the same.
  return new Proxy(client, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      // Called on the client itself, never on the proxy: the client keeps private fields.
      if (property !== 'appendToStream') return (value as (...args: unknown[]) => unknown).bind(target);
      return (stream: string, events: unknown, options: { expectedRevision?: unknown } = {}) => {
        const { expectedRevision, ...rest } = options;
        return (value as (...args: unknown[]) => unknown).call(
          target,
          stream,
          events,
          expectedRevision === undefined ? rest : { ...rest, streamState: expectedRevision },
        );
      };
    },
  });
}

/** What a WrongExpectedVersionError says was expected and found (`expectedState`/`actualState` in the Kurrent client). */
export function versionsOf(error: unknown): { expected: unknown; actual: unknown } {
  const wrong = error as {
    expectedVersion?: unknown;
    actualVersion?: unknown;
    expectedState?: unknown;
    actualState?: unknown;
  };
  return { expected: wrong.expectedVersion ?? wrong.expectedState, actual: wrong.actualVersion ?? wrong.actualState };
}

export const {
  ANY,
  BACKWARDS,
  END,
  FORWARDS,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  binaryEvent,
  eventTypeFilter,
  jsonEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  streamNameFilter,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotFoundError,
  PersistentSubscriptionDoesNotExistError,
  PersistentSubscriptionDroppedError,
  PersistentSubscriptionExistsError,
  PersistentSubscriptionFailedError,
  PersistentSubscriptionMaximumSubscribersReachedError,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
} = chosen;

export type DeadlineExceededError = Esdb.DeadlineExceededError;
export type MaxAppendSizeExceededError = Esdb.MaxAppendSizeExceededError;
export type NotFoundError = Esdb.NotFoundError;
export type PersistentSubscriptionDoesNotExistError = Esdb.PersistentSubscriptionDoesNotExistError;
export type PersistentSubscriptionDroppedError = Esdb.PersistentSubscriptionDroppedError;
export type PersistentSubscriptionExistsError = Esdb.PersistentSubscriptionExistsError;
export type PersistentSubscriptionFailedError = Esdb.PersistentSubscriptionFailedError;
export type PersistentSubscriptionMaximumSubscribersReachedError =
  Esdb.PersistentSubscriptionMaximumSubscribersReachedError;
export type StreamDeletedError = Esdb.StreamDeletedError;
export type StreamNotFoundError = Esdb.StreamNotFoundError;
export type UnavailableError = Esdb.UnavailableError;
export type UnknownError = Esdb.UnknownError;
export type WrongExpectedVersionError = Esdb.WrongExpectedVersionError;
export type {
  EventStoreDBClient,
  PersistentSubscriptionBase,
  PersistentSubscriptionToAllResolvedEvent,
  PersistentSubscriptionToStreamResolvedEvent,
  Position,
  ProjectionDetails,
  ResolvedEvent,
} from '@eventstore/db-client';
