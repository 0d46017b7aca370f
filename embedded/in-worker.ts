// Runs the embedded servers in a worker thread of the calling process: still in-process (one `npm start`, one
// process to stop), but on an event loop of their own, so the servers and the service use both cores and a busy
// server never stalls the service's HTTP API.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { EventLoopUtilization } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';

export type WorkerLogLevel = 'debug' | 'info' | 'warn' | 'error';

/** What the worker is asked to start (its workerData). */
export interface WorkerRequest {
  readonly eventStore: boolean;
  readonly mongo: boolean;
  /** Where the EventStoreDB keeps its log; memory only when absent. */
  readonly dataDir?: string;
  /** Lines below this level are dropped inside the worker. */
  readonly logLevel: WorkerLogLevel;
}

export type ToWorker = { type: 'stop' };
export type FromWorker =
  | { type: 'started'; eventStore?: string; mongo?: string }
  | { type: 'failed'; message: string }
  | { type: 'stopped' }
  | { type: 'log'; level: WorkerLogLevel; message: string; fields?: Record<string, unknown> };

export interface EmbeddedServersInWorker {
  /** Set when the EventStoreDB was asked for. */
  readonly eventStoreConnectionString?: string;
  /** Set when the MongoDB was asked for. */
  readonly mongoUri?: string;
  /** Stops both servers and waits for the thread to end. */
  stop(): Promise<void>;
  /** Ends the thread at once, as a crash would: the servers do not stop cleanly, and what they held is gone. */
  kill(): Promise<void>;
  /** How busy the servers' thread has been (as performance.eventLoopUtilization; pass an earlier reading for a delta). */
  eventLoopUtilization(since?: EventLoopUtilization): EventLoopUtilization;
}

export interface InWorkerOptions extends WorkerRequest {
  readonly log: (level: WorkerLogLevel, message: string, fields?: Record<string, unknown>) => void;
  /** Called if the thread ends without being asked to (a crash inside a server). */
  readonly onUnexpectedExit?: (reason: string) => void;
}

/**
 * worker.ts next to this file. From the compiled dist/ it is plain JavaScript. From the TypeScript sources (`npm start`
 * runs under tsx) the thread first registers tsx itself: tsx's hooks, given by `--import`, do not reach worker threads.
 */
function workerEntry(): { entry: URL | string; eval: boolean } {
  const source = new URL('./worker.ts', import.meta.url);
  if (!existsSync(fileURLToPath(source))) return { entry: new URL('./worker.js', import.meta.url), eval: false };
  // The ESM build of tsx's API (its CommonJS build cannot register hooks from an evaluated script).
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const script = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`;
  return { entry: script, eval: true };
}

export function startEmbeddedServersInWorker(options: InWorkerOptions): Promise<EmbeddedServersInWorker> {
  const { log, onUnexpectedExit, ...request } = options;
  const { entry, eval: evaluate } = workerEntry();
  const worker = new Worker(entry, { eval: evaluate, workerData: request });
  let stopRequested = false;
  let reported = false;
  const unexpected = (reason: string) => {
    if (stopRequested || reported) return;
    reported = true;
    onUnexpectedExit?.(reason);
  };
  const ended = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  return new Promise((resolve, reject) => {
    let settled = false;
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'log':
          return log(message.level, message.message, message.fields);
        case 'failed':
          settled = true;
          return reject(new Error(`the embedded servers failed to start: ${message.message}`));
        case 'stopped':
          return;
        case 'started':
          settled = true;
          return resolve({
            eventStoreConnectionString: message.eventStore,
            mongoUri: message.mongo,
            async stop() {
              stopRequested = true;
              worker.postMessage({ type: 'stop' } satisfies ToWorker);
              // A thread that does not finish its stop in time is ended by force.
              const timer = setTimeout(() => void worker.terminate(), 10_000);
              await ended;
              clearTimeout(timer);
            },
            async kill() {
              await worker.terminate();
            },
            eventLoopUtilization: (since) => worker.performance.eventLoopUtilization(since),
          });
      }
    });
    worker.once('error', (error) => {
      if (!settled) {
        settled = true;
        reject(error);
      } else unexpected(error.message);
    });
    worker.once('exit', (code) => {
      if (!settled) {
        settled = true;
        reject(new Error(`the embedded servers' thread exited with ${code} before starting`));
      } else unexpected(`exit code ${code}`);
    });
  });
}
