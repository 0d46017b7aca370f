// The body of the worker thread that `startEmbeddedServersInWorker` (in-worker.ts) starts: the embedded servers asked
// for in workerData, their connection strings posted back, their log lines forwarded, and a clean stop on request.
import { parentPort, workerData } from 'node:worker_threads';
import { startEventStoreDB } from './eventstoredb/index.js';
import { startMongoDB } from './mongodb/index.js';
import type { FromWorker, ToWorker, WorkerRequest } from './in-worker.js';

type Level = 'debug' | 'info' | 'warn' | 'error';
const LEVELS: Record<Level, number> = { error: 0, warn: 1, info: 2, debug: 3 };

const port = parentPort!;
const request = workerData as WorkerRequest;
const post = (message: FromWorker) => port.postMessage(message);

/** Lines below the service's level never cross the thread boundary. */
const logger = (component: string) => (level: Level, message: string, fields?: Record<string, unknown>) => {
  if (LEVELS[level] > LEVELS[request.logLevel]) return;
  // Fields cross by structured clone; anything that cannot (a function, a socket) is sent as text.
  let safe: Record<string, unknown> | undefined;
  try {
    safe = fields && structuredClone(fields);
  } catch {
    safe = { fields: String(fields) };
  }
  post({ type: 'log', level, message, fields: { component, ...safe } });
};

const stops: Array<() => Promise<void>> = [];
const stopAll = async () => {
  await Promise.allSettled(stops.reverse().map((stop) => stop()));
};

try {
  const started: { eventStore?: string; mongo?: string } = {};
  if (request.eventStore) {
    const server = await startEventStoreDB({
      port: 0,
      dataDir: request.dataDir,
      logger: logger('embedded-eventstoredb'),
    });
    stops.push(() => server.stop());
    started.eventStore = server.connectionString;
  }
  if (request.mongo) {
    const server = await startMongoDB({ port: 0, logger: logger('embedded-mongodb') });
    stops.push(() => server.stop());
    started.mongo = server.connectionString;
  }
  port.on('message', (message: ToWorker) => {
    if (message.type !== 'stop') return;
    void stopAll().then(() => {
      post({ type: 'stopped' });
      port.close();
    });
  });
  post({ type: 'started', ...started });
} catch (error) {
  await stopAll();
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
}
