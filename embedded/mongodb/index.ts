// Public entry point: start an in-memory, MongoDB-wire-compatible server for development and tests.
import { silentLogger, type Logger } from './logger.js';
import { MongoWireServer } from './server.js';

export type { Logger, LogLevel } from './logger.js';
export { MongoServerError } from './errors.js';

export interface StartMongoDBOptions {
  /** Interface to listen on; 127.0.0.1 by default. */
  host?: string;
  /** 0 (the default) picks any free port. */
  port?: number;
  logger?: Logger;
}

export interface EmbeddedMongoDB {
  /** `mongodb://127.0.0.1:PORT/?directConnection=true`, ready for the official driver. */
  connectionString: string;
  port: number;
  /** Closes every connection and the listener; the data is gone afterwards. */
  stop(): Promise<void>;
}

export async function startMongoDB(options: StartMongoDBOptions = {}): Promise<EmbeddedMongoDB> {
  const host = options.host ?? '127.0.0.1';
  const logger = options.logger ?? silentLogger;
  const server = new MongoWireServer({ host, port: options.port ?? 0, logger });
  const port = await server.listen();
  const shownHost = host.includes(':') ? `[${host}]` : host;
  logger('info', 'embedded mongodb listening', { host, port });
  return {
    connectionString: `mongodb://${shownHost}:${port}/?directConnection=true`,
    port,
    stop: () => server.stop(),
  };
}
