// Shared setup of the projection specs that go through the client: an embedded server on port 0 over a data
// directory (so that a spec can restart it on the same data), unique names, and a wait for asynchronous effects.
import { randomUUID } from 'node:crypto';
import { jsonEvent, type EventStoreDBClient } from '../eventstoredb/client.js';
import { eventually as retryUntil } from '../support/eventually.js';
import { startRestartableEventStore, type RestartableEventStore } from '../support/restartable-eventstore.js';

export type ProjectionServer = RestartableEventStore;

export const startProjectionServer = (): Promise<ProjectionServer> => startRestartableEventStore('esdb-projections-');

/** A short unique suffix: each spec works on its own categories and projection names. */
export const unique = (): string => randomUUID().slice(0, 8);

export async function append(
  client: EventStoreDBClient,
  stream: string,
  type: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await client.appendToStream(stream, [jsonEvent({ type, data })]);
}

/** Retries `check` until it stops throwing (projections run after the append returns), then returns its value. */
export const eventually = <T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> =>
  retryUntil(check, timeoutMs, 20);
