// Both embedded servers on port 0 with a client for each: for specs of the pieces below the service (view, checker).
import { EventStoreDBClient } from '@eventstore/db-client';
import { MongoClient, type Db } from 'mongodb';
import { startEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { startMongoDB } from '../../embedded/mongodb/index.js';

export interface EmbeddedStores {
  readonly client: EventStoreDBClient;
  readonly db: Db;
  /** Closes both clients, then both servers. */
  stop(): Promise<void>;
}

export async function startEmbeddedStores(database: string): Promise<EmbeddedStores> {
  const eventStore = await startEventStoreDB({ port: 0 });
  const mongoServer = await startMongoDB({ port: 0 });
  const client = EventStoreDBClient.connectionString(eventStore.connectionString);
  const mongo = await new MongoClient(mongoServer.connectionString).connect();
  return {
    client,
    db: mongo.db(database),
    async stop() {
      await client.dispose();
      await mongo.close();
      await eventStore.stop();
      await mongoServer.stop();
    },
  };
}

/**
 * Starts the stores for the enclosing `describe` (before all its specs, or before each with `each`) and stops them
 * after; the returned object's `client` and `db` are those of the stores running now.
 */
export function useEmbeddedStores(
  database: string,
  { each = false }: { each?: boolean } = {},
): { readonly client: EventStoreDBClient; readonly db: Db } {
  let stores: EmbeddedStores | undefined;
  (each ? beforeEach : before)(async () => {
    stores = await startEmbeddedStores(database);
  });
  (each ? afterEach : after)(async () => stores?.stop());
  return {
    get client() {
      return stores!.client;
    },
    get db() {
      return stores!.db;
    },
  };
}
