// Both embedded servers, restartable on the same ports under a running service: the EventStoreDB on its temporary
// data directory (its events survive), the MongoDB in memory (it comes back empty, as the real one would without a volume).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { startMongoDB, type EmbeddedMongoDB } from '../../embedded/mongodb/index.js';

export interface RestartableStores {
  readonly eventStoreConnectionString: string;
  readonly mongoUri: string;
  /** Stops both servers (a store outage); start() brings them back on the same ports. */
  stopEventStore(): Promise<void>;
  stopMongo(): Promise<void>;
  start(): Promise<void>;
  /** Stops both and removes the data directory. */
  dispose(): Promise<void>;
}

export async function startRestartableStores(): Promise<RestartableStores> {
  const dataDir = await mkdtemp(join(tmpdir(), 'restartable-stores-'));
  let eventStore: EmbeddedEventStoreDB | undefined = await startEventStoreDB({ port: 0, dataDir });
  let mongo: EmbeddedMongoDB | undefined = await startMongoDB({ port: 0 });
  const ports = { eventStore: eventStore.port, mongo: mongo.port };
  const stops = {
    async eventStore() {
      await eventStore?.stop();
      eventStore = undefined;
    },
    async mongo() {
      await mongo?.stop();
      mongo = undefined;
    },
  };
  return {
    eventStoreConnectionString: eventStore.connectionString,
    mongoUri: mongo.connectionString,
    stopEventStore: stops.eventStore,
    stopMongo: stops.mongo,
    async start() {
      eventStore ??= await startEventStoreDB({ port: ports.eventStore, dataDir });
      mongo ??= await startMongoDB({ port: ports.mongo });
    },
    async dispose() {
      await Promise.allSettled([stops.eventStore(), stops.mongo()]);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
