// `npm run embedded`: starts only the two embedded servers, in one process, for tools and a service run elsewhere.
import { startEventStoreDB } from './eventstoredb/index.js';
import { startMongoDB } from './mongodb/index.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

const log = (level: Level, message: string, fields?: Record<string, unknown>): void => {
  if (level === 'debug') return;
  const line = JSON.stringify({ level, message, ...fields, timestamp: new Date().toISOString() });
  (level === 'error' || level === 'warn' ? process.stderr : process.stdout).write(line + '\n');
};

function portFrom(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name} must be a port number between 0 and 65535, got "${raw}"`);
  }
  return port;
}

async function main(): Promise<void> {
  const eventStorePort = portFrom('EMBEDDED_EVENTSTORE_PORT', 2113);
  const mongoPort = portFrom('EMBEDDED_MONGODB_PORT', 27017);
  // `memory`, as for the service, keeps nothing on disk.
  const given = process.env.EMBEDDED_DATA_DIR;
  const dataDir = given && given.toLowerCase() !== 'memory' ? given : undefined;

  const eventStore = await startEventStoreDB({ port: eventStorePort, dataDir, logger: log });
  const mongo = await startMongoDB({ port: mongoPort, logger: log }).catch(async (error: unknown) => {
    await eventStore.stop();
    throw error;
  });

  log('info', 'embedded servers started (development and tests only, not for production)', {
    eventStore: eventStore.connectionString,
    mongodb: mongo.connectionString,
    dataDir: dataDir ?? '(memory only)',
  });
  process.stdout.write(`EVENTSTORE_CONNECTION_STRING=${eventStore.connectionString}\n`);
  process.stdout.write(`MONGODB_URI=${mongo.connectionString}\n`);

  let stopping = false;
  const stop = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    log('info', 'stopping embedded servers', { signal });
    await Promise.allSettled([eventStore.stop(), mongo.stop()]);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  log('error', 'embedded servers failed to start', { error: error instanceof Error ? error.message : String(error) });
  process.exit(1);
});
