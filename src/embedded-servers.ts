// Starts the embedded EventStoreDB / MongoDB for whichever connection string is not configured (development and tests).
// They run in a worker thread of this process: in-process as the specification asks, but on their own event loop,
// so the service and its databases use both cores and a busy server never stalls the HTTP API.
import type { EventLoopUtilization } from 'node:perf_hooks';
import type { Logger } from 'winston';
import { startEmbeddedServersInWorker, type WorkerLogLevel } from '../embedded/in-worker.js';

export interface ResolvedServers {
  readonly eventStoreConnectionString: string;
  readonly mongoUri: string;
  /** Stops only what was started here. */
  stop(): Promise<void>;
  /** With embedded servers only: ends their thread at once, as a crash would (for tests). */
  kill?(): Promise<void>;
  /** With embedded servers only: how busy their thread has been (for the benchmark). */
  eventLoopUtilization?(since?: EventLoopUtilization): EventLoopUtilization;
}

const WORKER_LEVELS: readonly WorkerLogLevel[] = ['error', 'warn', 'info', 'debug'];

/** The most detailed of the embedded servers' levels that the service's logger still writes. */
function workerLevel(logger: Logger): WorkerLogLevel {
  return [...WORKER_LEVELS].reverse().find((level) => logger.isLevelEnabled(level)) ?? 'error';
}

/**
 * @param onLost called if the embedded servers' thread ends without being asked to: their data is gone with it,
 * and the service cannot go on (`npm start` stops, so that whoever runs it sees why).
 */
export async function resolveServers(
  wanted: { eventStoreConnectionString?: string; mongoUri?: string; embeddedDataDir?: string },
  logger: Logger,
  onLost: (reason: string) => void = () => undefined,
): Promise<ResolvedServers> {
  const needEventStore = !wanted.eventStoreConnectionString;
  const needMongo = !wanted.mongoUri;
  if (!needEventStore && !needMongo) {
    return {
      eventStoreConnectionString: wanted.eventStoreConnectionString!,
      mongoUri: wanted.mongoUri!,
      stop: async () => undefined,
    };
  }
  const embedded = await startEmbeddedServersInWorker({
    eventStore: needEventStore,
    mongo: needMongo,
    dataDir: wanted.embeddedDataDir,
    logLevel: workerLevel(logger),
    log: (level, message, fields) => logger.log(level, message, fields),
    onUnexpectedExit: (reason) => {
      logger.error('the embedded servers stopped unexpectedly; what they held is lost', { reason });
      onLost(reason);
    },
  });
  const eventStoreConnectionString = wanted.eventStoreConnectionString ?? embedded.eventStoreConnectionString!;
  const mongoUri = wanted.mongoUri ?? embedded.mongoUri!;
  if (needEventStore) {
    // Say where the events are: a reader must know whether a restart keeps them.
    const where = wanted.embeddedDataDir
      ? `on disk in ${wanted.embeddedDataDir}`
      : 'memory only: a restart forgets every event';
    logger.info(
      `EVENTSTORE_CONNECTION_STRING is unset: started the embedded EventStoreDB in a worker thread of this process (${where}; not for production)`,
      {
        connectionString: eventStoreConnectionString,
        dataDir: wanted.embeddedDataDir ?? 'memory',
      },
    );
  }
  if (needMongo) {
    logger.info(
      'MONGODB_URI is unset: started the embedded MongoDB in a worker thread of this process (memory only: the view is rebuilt from the events at every start; not for production)',
      { connectionString: mongoUri },
    );
  }
  return {
    eventStoreConnectionString,
    mongoUri,
    stop: () => embedded.stop(),
    kill: () => embedded.kill(),
    eventLoopUtilization: (since) => embedded.eventLoopUtilization(since),
  };
}
