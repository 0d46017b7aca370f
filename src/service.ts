// The composition root: the one place that creates clients, wires handlers, processes and HTTP, and stops them in order.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventStoreDBClient, StreamNotFoundError } from '@eventstore/db-client';
import { MongoClient, type Db } from 'mongodb';
import type { Logger } from 'winston';
import { initialConcerts } from './concerts/catalog.js';
import type { Config } from './config.js';
import type { Clock } from './core/clock.js';
import { resolveServers, type ResolvedServers } from './embedded-servers.js';
import { aggregateHandlers, type AggregateHandlers } from './eventstore/aggregate-handlers.js';
import { withBatchingAndCache } from './eventstore/batching-command-handler.js';
import { createCommandHandler } from './eventstore/command-handler.js';
import { withDeadlines } from './eventstore/fail-fast.js';
import { streamBookingReads } from './eventstore/stream-booking-reads.js';
import { ensureSystemProjections } from './eventstore/system-projections.js';
import { createApp, type RouteModule } from './http/app.js';
import type { InFlightCounts } from './http/overload.js';
import { createHttpServer } from './http/server.js';
import { withStreamFallback } from './bookings/booking-view.js';
import { startProcesses, type ProcessesTuning } from './processes/start-processes.js';
import type { ReadinessProbe } from './http/routes/health.js';
import { seedConcerts } from './seed.js';
import { failFastMongoOptions } from './store-failures.js';
import { deployProjections } from './projections/deploy.js';
import { createProjectionReads } from './projections/projection-reads.js';
import { statsRoutes } from './projections/stats-routes.js';
import { inspector } from './inspector/router.js';
import { serversShown } from './inspector/servers-shown.js';
import type { InstanceIdentity } from './roles.js';

export interface ServiceDependencies {
  readonly logger: Logger;
  readonly clock: Clock;
  /** The process managers' message timeout, retries, buffer and backoff; production uses the defaults. */
  readonly processes?: ProcessesTuning;
  /** How to reach EventStoreDB from a connection string; the official client unless given (specs hand in one with faults). */
  readonly connectEventStore?: (connectionString: string) => EventStoreDBClient;
  /** Called if the embedded servers (started when a connection string is missing) die under the service. */
  readonly onEmbeddedServersLost?: (reason: string) => void;
}

export interface RunningService {
  readonly url: string;
  readonly port: number;
  /** For tests and tools that look behind the API. */
  readonly client: EventStoreDBClient;
  readonly db: Db;
  readonly aggregates: AggregateHandlers;
  /** The servers it talks to: those configured, or the embedded ones it started (for tools such as the benchmark). */
  readonly servers: {
    readonly eventStoreConnectionString: string;
    readonly mongoUri: string;
    readonly mongoDatabase: string;
    /** Set when the embedded servers run in this process's worker thread: how busy that thread has been. */
    readonly eventLoopUtilization?: ResolvedServers['eventLoopUtilization'];
  };
  /** HTTP work in flight and refused, and the most requests one connection had waiting (overload protection). */
  httpLoad(): InFlightCounts;
  /** Stops taking requests, lets those in flight finish, then closes processes, clients and embedded servers. */
  stop(): Promise<void>;
}

/** In-flight requests get this long to finish on shutdown before their connections are cut. */
const drainTimeoutMs = 10_000;

export async function startService(
  config: Config,
  {
    logger,
    clock,
    processes: tuning,
    onEmbeddedServersLost,
    connectEventStore = EventStoreDBClient.connectionString,
  }: ServiceDependencies,
): Promise<RunningService> {
  if (config.auth.developmentSecrets.length > 0) {
    // Names only: a secret's value is never logged, even a published one.
    logger.warn(
      'DEVELOPMENT CREDENTIALS IN USE: anyone can act as any client, operator or payment provider. Set these variables before exposing the service',
      {
        variables: config.auth.developmentSecrets,
        tokens: 'npm run token -- <clientId> | --operator; npm run sign-payment -- <body>',
      },
    );
  }
  const servers = await resolveServers(config, logger, onEmbeddedServersLost);
  const client = withDeadlines(connectEventStore(servers.eventStoreConnectionString));
  const mongo = new MongoClient(servers.mongoUri, failFastMongoOptions);
  // Stopped in reverse order of starting.
  const stops: Array<() => Promise<void>> = [() => servers.stop(), () => client.dispose(), () => mongo.close()];
  const stopAll = async () => {
    for (const stopOne of stops.reverse())
      await stopOne().catch((error: unknown) => logger.warn('error while stopping', { error: String(error) }));
  };

  try {
    await mongo.connect();
    const db = mongo.db(config.mongoDatabase);
    const identity: InstanceIdentity = { id: config.instanceId, roles: config.roles };
    // The core (read, fold, decide, append, retry) wrapped in per-stream batching and a state cache: same outcomes, fewer round trips.
    const handler = withBatchingAndCache(createCommandHandler(client), client, { logger });
    const aggregates = aggregateHandlers(handler);
    await seedConcerts(aggregates.concerts, initialConcerts, logger);

    const readinessProbes: ReadinessProbe[] = [
      { name: 'eventstoredb', check: () => eventStoreAnswers(client) },
      { name: 'mongodb', check: async () => void (await db.command({ ping: 1 })) },
    ];
    readinessProbes.push(await ensureSystemProjections(client, logger));
    const routeModules: RouteModule[] = [];
    const processes = await startProcesses({
      client,
      db,
      aggregates,
      clock,
      logger,
      reservationHoldSeconds: config.reservationHoldSeconds,
      expirationCheckIntervalMs: config.expirationCheckIntervalMs,
      identity,
      viewLeaseMs: config.viewLeaseMs,
      tuning,
    });
    stops.push(() => processes.stop());
    readinessProbes.push(...processes.readinessProbes);
    routeModules.push(processes.routes);
    const bookingReads = withStreamFallback(processes.bookingQueries, streamBookingReads(client, clock));
    await deployProjections(client, { logger });
    const projectionReads = createProjectionReads(client);
    if (identity.roles.includes('api')) routeModules.push(statsRoutes(projectionReads));
    const inspection = inspector({
      client,
      db,
      logger,
      processesReport: processes.report,
      servers: serversShown({
        eventStoreConnectionString: servers.eventStoreConnectionString,
        mongoUri: servers.mongoUri,
        mongoDatabase: config.mongoDatabase,
        embeddedEventStore: !config.eventStoreConnectionString,
        embeddedDataDir: config.embeddedDataDir,
        embeddedMongo: !config.mongoUri,
      }),
    });
    routeModules.push(inspection);

    const app = createApp({
      auth: config.auth,
      ...aggregates,
      clock,
      logger,
      concertIds: initialConcerts.map((concert) => concert.concertId),
      bookingReads,
      concertSales: projectionReads.concertSales,
      readinessProbes,
      routeModules,
      identity,
    });
    const httpServer = createHttpServer(app, logger, { total: config.maxRequestsInFlight });
    const server = await listen(httpServer, config.port);
    stops.push(() => closeServer(server));
    // Stopped before the server closes: its open live feeds would otherwise hold the close until the drain timeout.
    stops.push(() => inspection.stop());
    const { port } = server.address() as AddressInfo;
    logger.info('service listening', { url: `http://127.0.0.1:${port}`, instance: identity.id, roles: identity.roles });

    let stopping: Promise<void> | undefined;
    return {
      url: `http://127.0.0.1:${port}`,
      port,
      client,
      db,
      aggregates,
      servers: {
        eventStoreConnectionString: servers.eventStoreConnectionString,
        mongoUri: servers.mongoUri,
        mongoDatabase: config.mongoDatabase,
        eventLoopUtilization: servers.eventLoopUtilization,
      },
      httpLoad: () => httpServer.inFlight(),
      stop: () =>
        (stopping ??= stopAll().then(() => {
          logger.info('service stopped');
        })),
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Any answer, "no such stream" included, proves the server is up and speaking. */
async function eventStoreAnswers(client: EventStoreDBClient): Promise<void> {
  try {
    // Consumed to its end, never left with break: an abandoned read keeps dispose() waiting.
    for await (const _ of client.readStream('$readiness-probe', { maxCount: 1 })) continue;
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
}

function listen(server: Server, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    const cut = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
    // A keep-alive connection whose last request just finished would hold close() open until its
    // keep-alive timeout: sweep idle connections until the server is closed.
    const sweep = setInterval(() => server.closeIdleConnections(), 50);
    server.close(() => {
      clearTimeout(cut);
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}
