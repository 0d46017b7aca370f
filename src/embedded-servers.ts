// Starts the embedded EventStoreDB / MongoDB for whichever connection string is not configured (development and tests).
import type { Logger } from 'winston';
import { startEventStoreDB } from '../embedded/eventstoredb/index.js';
import { startMongoDB } from '../embedded/mongodb/index.js';

export interface ResolvedServers {
  readonly eventStoreConnectionString: string;
  readonly mongoUri: string;
  /** Stops only what was started here. */
  stop(): Promise<void>;
}

type EmbeddedLogLevel = 'debug' | 'info' | 'warn' | 'error';

function embeddedLogger(logger: Logger, component: string) {
  return (level: EmbeddedLogLevel, message: string, fields?: Record<string, unknown>) => logger.log(level, message, { component, ...fields });
}

export async function resolveServers(
  wanted: { eventStoreConnectionString?: string; mongoUri?: string },
  logger: Logger,
): Promise<ResolvedServers> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    await Promise.allSettled(stops.reverse().map((stopOne) => stopOne()));
  };
  try {
    let eventStoreConnectionString = wanted.eventStoreConnectionString;
    if (!eventStoreConnectionString) {
      const embedded = await startEventStoreDB({ port: 0, logger: embeddedLogger(logger, 'embedded-eventstoredb') });
      stops.push(() => embedded.stop());
      eventStoreConnectionString = embedded.connectionString;
      logger.info('EVENTSTORE_CONNECTION_STRING is unset: started the embedded EventStoreDB in-process (memory only, not for production)', {
        connectionString: eventStoreConnectionString,
      });
    }
    let mongoUri = wanted.mongoUri;
    if (!mongoUri) {
      const embedded = await startMongoDB({ port: 0, logger: embeddedLogger(logger, 'embedded-mongodb') });
      stops.push(() => embedded.stop());
      mongoUri = embedded.connectionString;
      logger.info('MONGODB_URI is unset: started the embedded MongoDB in-process (memory only, not for production)', { connectionString: mongoUri });
    }
    return { eventStoreConnectionString, mongoUri, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
