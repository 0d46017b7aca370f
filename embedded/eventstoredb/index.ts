// Public API of the embedded EventStoreDB: start it (memory or a data directory), get its connection string, stop it.
import { silentLogger, type Logger } from './plugin.js';
import { startServer } from './server.js';
import { EventStore } from './store/eventStore.js';

export type { Logger, LogLevel, EmbeddedService, EmbeddedServiceFactory } from './plugin.js';
export { StoreError } from './store/errors.js';

export interface EmbeddedEventStoreDBOptions {
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Keep the event log in this directory; memory only when absent. */
  dataDir?: string;
  logger?: Logger;
  /**
   * Enable the standard projections ($by_category, $by_event_type, $by_correlation_id, $streams,
   * $stream_by_category) at start, as a real server started with `StartStandardProjections` (or in dev mode)
   * does; true by default. With false they start as they were left (stopped, on a new database).
   */
  startStandardProjections?: boolean;
}

export interface EmbeddedEventStoreDB {
  /** `esdb://host:port?tls=false`, for `EventStoreDBClient.connectionString`. */
  connectionString: string;
  port: number;
  /** Ends open calls, waits for pending writes and closes the log. */
  stop(): Promise<void>;
}

export async function startEventStoreDB(options: EmbeddedEventStoreDBOptions = {}): Promise<EmbeddedEventStoreDB> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const log = await EventStore.open({ dataDir: options.dataDir, logger });
  let server;
  try {
    server = await startServer(log, host, options.port ?? 0, {
      logger,
      startStandardProjections: options.startStandardProjections ?? true,
    });
  } catch (error) {
    await log.close();
    throw error;
  }
  const running = server;
  const clientHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  let stopping: Promise<void> | undefined;
  return {
    connectionString: `esdb://${clientHost}:${running.port}?tls=false`,
    port: running.port,
    stop() {
      stopping ??= (async () => {
        await running.stop();
        await log.close();
        logger('info', 'embedded EventStoreDB stopped', { port: running.port });
      })();
      return stopping;
    },
  };
}
