// Where the conformance suites run: the embedded server, or a real MongoDB when MONGODB_URI is set.
import { randomBytes } from 'node:crypto';
import * as mongodb7 from 'mongodb';
import { type Db, type MongoClient } from 'mongodb';
import * as mongodb6 from 'mongodb6';
import { startMongoDB } from '../../../embedded/mongodb/index.js';

export interface Target {
  uri: string;
  /** True when the suite runs against the embedded server (for tests of embedded-only facts). */
  embedded: boolean;
  stop(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  const external = process.env.MONGODB_URI;
  if (external) return { uri: external, embedded: false, stop: async () => {} };
  const server = await startMongoDB({ port: 0 });
  return { uri: server.connectionString, embedded: true, stop: () => server.stop() };
}

/** The BSON value classes of one driver line: each driver only serialises its own bson's classes. */
export type BsonClasses = Pick<typeof mongodb7, 'ObjectId' | 'Long' | 'Int32' | 'Double' | 'Decimal128' | 'BSONRegExp'>;

/** Both supported driver lines; the 6.x client is typed as the 7.x one (same public surface here). */
export const drivers = [
  { name: 'mongodb 7', connect: (uri: string) => new mongodb7.MongoClient(uri), bson: mongodb7 as BsonClasses },
  {
    name: 'mongodb 6',
    connect: (uri: string) => new mongodb6.MongoClient(uri) as unknown as MongoClient,
    bson: mongodb6 as unknown as BsonClasses,
  },
];

export interface SuiteContext {
  client: MongoClient;
  db: Db;
  target: Target;
  bson: BsonClasses;
}

/** A database name no other suite (or earlier run against a real server) uses. */
export function uniqueDbName(suite: string): string {
  return `embedded_${suite.replace(/\W+/g, '_').slice(0, 30)}_${randomBytes(4).toString('hex')}`;
}

/**
 * Declares `body` once per driver, each run with a fresh server (or a fresh database on a real
 * one). `context()` is valid inside hooks and tests.
 */
export function describeWithDrivers(suite: string, body: (context: () => SuiteContext) => void): void {
  for (const driver of drivers) {
    describe(`${suite} (${driver.name})`, function () {
      let current: SuiteContext | undefined;
      before(async () => {
        const target = await startTarget();
        const client = driver.connect(target.uri);
        await client.connect();
        current = { client, db: client.db(uniqueDbName(suite)), target, bson: driver.bson };
      });
      after(async () => {
        if (!current) return;
        await current.db.dropDatabase();
        await current.client.close();
        await current.target.stop();
      });
      body(() => {
        if (!current) throw new Error('suite context used outside of a test');
        return current;
      });
    });
  }
}
