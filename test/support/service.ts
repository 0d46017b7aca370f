// Starts the whole service for a test run: both embedded servers on port 0 (or the real ones named in the
// environment), the service on port 0, and a stop that tears everything down.
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { Db } from 'mongodb';
import { startEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { startMongoDB } from '../../embedded/mongodb/index.js';
import type { Config } from '../../src/config.js';
import type { AggregateHandlers } from '../../src/eventstore/aggregate-handlers.js';
import { ROLES } from '../../src/roles.js';
import { capturedLogger } from './captured-logger.js';
import { testAuth } from './credentials.js';
import { withFaults, type EventStoreFaults } from './faulty-eventstore.js';
import { MovableClock } from './movable-clock.js';
import { startService, type RunningService, type ServiceDependencies } from '../../src/service.js';
import type { InFlightCounts } from '../../src/http/overload.js';

export interface ServerAddresses {
  readonly eventStoreConnectionString: string;
  readonly mongoUri: string;
}

export interface TestService {
  readonly url: string;
  readonly client: EventStoreDBClient;
  readonly db: Db;
  /** The aggregates' handlers the service runs (`bookings`, `concerts`, `payments`). */
  readonly aggregates: AggregateHandlers;
  /** The servers under the service, to start another instance on the same data. */
  readonly servers: ServerAddresses;
  readonly config: Config;
  /** The service's clock; pass it to assertInvariants so that both agree on "now", and move it to make holds run out. */
  readonly clock: MovableClock;
  /** The HTTP server's work in flight (overload protection). */
  httpLoad(): InFlightCounts;
  /** Every log line the service wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Stops the service only and starts it again on the same servers and database (a crash-and-restart). */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface TestServiceOptions {
  readonly config?: Partial<Config>;
  /** Process tuning, …: whatever the composition root accepts besides the logger and the clock (the movable one). */
  readonly dependencies?: Partial<Omit<ServiceDependencies, 'clock'>>;
  /** Reuse servers started elsewhere (another TestService's `servers`) instead of starting embedded ones. */
  readonly servers?: ServerAddresses;
  /** Deliveries held back, acks turned into nacks or dropped, appends refused: the service's client gets these faults. */
  readonly faults?: EventStoreFaults;
}

/**
 * With EVENTSTORE_CONNECTION_STRING / MONGODB_URI set, the tests run against those servers (e.g.
 * `docker compose up eventstore mongo`); each run then uses a fresh MongoDB database and ids of its own.
 */
export async function startTestService(options: TestServiceOptions = {}): Promise<TestService> {
  const stops: Array<() => Promise<void>> = [];
  const stopServers = () => Promise.allSettled(stops.reverse().map((stop) => stop())).then(() => undefined);
  let eventStoreConnectionString =
    options.servers?.eventStoreConnectionString ?? process.env.EVENTSTORE_CONNECTION_STRING;
  if (!eventStoreConnectionString) {
    const embedded = await startEventStoreDB({ port: 0 });
    stops.push(() => embedded.stop());
    eventStoreConnectionString = embedded.connectionString;
  }
  let mongoUri = options.servers?.mongoUri ?? process.env.MONGODB_URI;
  if (!mongoUri) {
    const embedded = await startMongoDB({ port: 0 });
    stops.push(() => embedded.stop());
    mongoUri = embedded.connectionString;
  }

  const config: Config = {
    port: 0,
    eventStoreConnectionString,
    mongoUri,
    mongoDatabase: `test-${randomUUID().slice(0, 8)}`,
    logLevel: process.env.TEST_LOG_LEVEL ?? 'info',
    expirationCheckIntervalMs: 200,
    reservationHoldSeconds: 900,
    auth: testAuth,
    roles: ROLES,
    instanceId: `test-${randomUUID().slice(0, 8)}`,
    viewLeaseMs: 6000,
    workerRoles: [],
    ...options.config,
  };
  const { lines: logs, logger } = capturedLogger(config.logLevel);
  const clock = new MovableClock();
  const faults = options.faults;
  const connectEventStore = faults
    ? (connectionString: string) => withFaults(EventStoreDBClient.connectionString(connectionString), faults)
    : undefined;
  const start = () =>
    startService(config, {
      ...options.dependencies,
      ...(connectEventStore ? { connectEventStore } : {}),
      clock,
      logger,
    });

  let service: RunningService;
  try {
    service = await start();
  } catch (error) {
    await stopServers();
    throw error;
  }
  return {
    get url() {
      return service.url;
    },
    get client() {
      return service.client;
    },
    get db() {
      return service.db;
    },
    get aggregates() {
      return service.aggregates;
    },
    httpLoad: () => service.httpLoad(),
    servers: { eventStoreConnectionString, mongoUri },
    config,
    clock,
    logs,
    async restart() {
      await service.stop();
      service = await start();
    },
    async stop() {
      await service.stop();
      await stopServers();
    },
  };
}
