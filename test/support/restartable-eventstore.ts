// An embedded EventStoreDB on port 0 over a temporary data directory, with a client: a spec can restart it on the same data.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, connect } from '../eventstoredb/client.js';
import { startEventStoreDB, type EmbeddedEventStoreDBOptions } from '../../embedded/eventstoredb/index.js';

export interface RestartableEventStore {
  /** Replaced by restart(): read it again afterwards. */
  client: EventStoreDBClient;
  /** Stops the server and starts it again on the same data directory, with a new client. */
  restart(): Promise<void>;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

export async function startRestartableEventStore(
  dataDirPrefix: string,
  options: Omit<EmbeddedEventStoreDBOptions, 'port' | 'dataDir'> = {},
): Promise<RestartableEventStore> {
  const dataDir = await mkdtemp(join(tmpdir(), dataDirPrefix));
  let server = await startEventStoreDB({ ...options, port: 0, dataDir });
  const handle: RestartableEventStore = {
    client: connect(server.connectionString),
    async restart() {
      await handle.client.dispose();
      await server.stop();
      server = await startEventStoreDB({ ...options, port: 0, dataDir });
      handle.client = connect(server.connectionString);
    },
    async stop() {
      await handle.client.dispose();
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return handle;
}
