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
