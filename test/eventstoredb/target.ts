// The server a conformance suite talks to: the embedded one on port 0, or a real EventStoreDB when EVENTSTORE_CONNECTION_STRING is set.
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, type ResolvedEvent, connect } from './client.js';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';

export interface Target {
  readonly client: EventStoreDBClient;
  readonly connectionString: string;
  /** Undefined when the suite runs against a real server. */
  readonly embedded: EmbeddedEventStoreDB | undefined;
  stop(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  const external = process.env.EVENTSTORE_CONNECTION_STRING;
  const embedded = external ? undefined : await startEventStoreDB();
  const connectionString = external ?? (embedded as EmbeddedEventStoreDB).connectionString;
  const client = connect(connectionString);
  return {
    client,
    connectionString,
    embedded,
    async stop() {
      await client.dispose();
      await embedded?.stop();
    },
  };
}

/** A short random token, so that suites can share a real server without seeing each other's streams. */
export const token = (): string => randomUUID().replace(/-/g, '').slice(0, 12);

/** `<category>-<token>`, where the category itself is unique unless given. */
export const uniqueStream = (category = `cat${token()}`): string => `${category}-${token()}`;

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

export const typesOf = (events: readonly ResolvedEvent[]): string[] => events.map((e) => e.event?.type ?? '<none>');

/** Resolves with the error a promise rejects with; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/** Polls `check` until it returns a value (system projections and live delivery are asynchronous). */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
