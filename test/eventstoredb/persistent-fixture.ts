// Shared setup of the persistent-subscription specs: a server (embedded on port 0, or the real one named by
// EVENTSTORE_CONNECTION_STRING), unique names, and consumers that record what they receive.
import { randomUUID } from 'node:crypto';
import {
  EventStoreDBClient,
  jsonEvent,
  type PersistentSubscriptionBase,
  type PersistentSubscriptionToStreamResolvedEvent,
  type PersistentSubscriptionToAllResolvedEvent,
  connect,
} from './client.js';
import { startRestartableEventStore } from '../support/restartable-eventstore.js';

export type Delivered = PersistentSubscriptionToStreamResolvedEvent | PersistentSubscriptionToAllResolvedEvent;
/** Either kind of persistent subscription, seen through what the specs use of it. */
export type Subscription = PersistentSubscriptionBase<Delivered>;

export interface TestServer {
  client: EventStoreDBClient;
  /** True when the specs run against the embedded server (they also run against a real one). */
  readonly embedded: boolean;
  /**
   * Embedded: stops the server and starts it again on the same data directory. Real server: restarts
   * the persistent-subscription subsystem, the closest a client can get. Either way groups reload
   * from their saved definition and resume after their checkpoint.
   */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestServer(): Promise<TestServer> {
  const external = process.env.EVENTSTORE_CONNECTION_STRING;
  if (external) {
    const client = connect(external);
    return {
      client,
      embedded: false,
      async restart() {
        await client.restartPersistentSubscriptionSubsystem();
        // The real subsystem answers before it has reloaded its groups: wait until it serves again.
        await eventually(
          () =>
            client.listAllPersistentSubscriptions().then(
              () => true,
              () => undefined,
            ),
          'the subsystem to restart',
        );
      },
      stop: () => client.dispose(),
    };
  }
  return Object.assign(await startRestartableEventStore('esdb-persistent-'), { embedded: true });
}

/**
 * For a describe block: starts the server before its specs and stops it after them. The server is read through
 * the returned object's properties, which are valid from the first spec on.
 */
export function useTestServer(): TestServer {
  let current: TestServer | undefined;
  before(async () => {
    current = await startTestServer();
  });
  after(async () => {
    await current?.stop();
  });
  const started = (): TestServer => {
    if (!current) throw new Error('the test server is used before it started');
    return current;
  };
  return {
    get client() {
      return started().client;
    },
    get embedded() {
      return started().embedded;
    },
    restart: () => started().restart(),
    stop: () => started().stop(),
  };
}

/** Names unique per test, so the specs can share one real server. */
export const unique = (prefix: string): string => `${prefix}-${randomUUID().replace(/-/g, '').slice(0, 12)}`;

export async function appendNumbered(
  client: EventStoreDBClient,
  stream: string,
  count: number,
  type = 'Numbered',
  from = 0,
): Promise<void> {
  const events = Array.from({ length: count }, (_, i) => jsonEvent({ type, data: { n: from + i } }));
  await client.appendToStream(stream, events);
}

/** Number an event was appended with by `appendNumbered`. */
export const numberOf = (delivered: Delivered): number => (delivered.event?.data as { n: number }).n;

export async function eventually<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Records every delivery of one subscription; `onEvent` decides what to answer (nothing by default). */
export class Recorder {
  readonly received: Delivered[] = [];
  readonly errors: Error[] = [];

  readonly subscription: Subscription;

  constructor(
    subscription:
      | PersistentSubscriptionBase<PersistentSubscriptionToStreamResolvedEvent>
      | PersistentSubscriptionBase<PersistentSubscriptionToAllResolvedEvent>,
    onEvent: (event: Delivered, subscription: Subscription) => Promise<void> | void = () => undefined,
  ) {
    this.subscription = subscription as Subscription;
    subscription.on('data', (event: Delivered) => {
      this.received.push(event);
      void Promise.resolve(onEvent(event, this.subscription)).catch((error: Error) => this.errors.push(error));
    });
    subscription.on('error', (error: Error) => this.errors.push(error));
  }

  /** Resolves with the first `count` deliveries once they have arrived. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Delivered[]> {
    await eventually(
      () => (this.received.length >= count ? true : undefined),
      `${count} deliveries (got ${this.received.length})`,
      timeoutMs,
    );
    return this.received.slice(0, count);
  }

  async waitForError(timeoutMs = 10_000): Promise<Error> {
    return eventually(() => this.errors[0], 'a subscription error', timeoutMs);
  }

  numbers(): number[] {
    return this.received.map(numberOf);
  }

  close(): Promise<void> {
    return this.subscription.unsubscribe();
  }
}

export const ackAll = (event: Delivered, subscription: Subscription): Promise<void> => subscription.ack(event);
