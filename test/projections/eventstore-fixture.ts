// Shared setup of the projection specs that go through the client: an embedded server on port 0 over a data
// directory (so that a spec can restart it on the same data), unique names, and a wait for asynchronous effects.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';

export interface ProjectionServer {
  client: EventStoreDBClient;
  /** Stops the server and starts it again on the same data directory. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export async function startProjectionServer(): Promise<ProjectionServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'esdb-projections-'));
  let server: EmbeddedEventStoreDB = await startEventStoreDB({ port: 0, dataDir });
  const handle: ProjectionServer = {
    client: EventStoreDBClient.connectionString(server.connectionString),
    async restart() {
      await handle.client.dispose();
      await server.stop();
      server = await startEventStoreDB({ port: 0, dataDir });
      handle.client = EventStoreDBClient.connectionString(server.connectionString);
    },
    async stop() {
      await handle.client.dispose();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** A short unique suffix: each spec works on its own categories and projection names. */
export const unique = (): string => randomUUID().slice(0, 8);

export async function append(client: EventStoreDBClient, stream: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
  await client.appendToStream(stream, [jsonEvent({ type, data })]);
}

/** Retries `check` until it stops throwing (projections run after the append returns), then returns its value. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
