// The body of a worker thread that runs some of the service's roles (SERVICE_WORKER_ROLES): a service of its own on the
// servers the main thread resolved, its log lines written like the main thread's, stopped when the main thread says so.
import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from './config.js';
import { systemClock } from './core/clock.js';
import { createLogger } from './logger.js';
import { startService } from './service.js';

/** Messages between the main thread (threaded-service.ts) and this one. */
export type ToRoleThread = { type: 'stop' };
export type FromRoleThread = { type: 'ready'; url: string } | { type: 'failed'; message: string } | { type: 'stopped' };

const port = parentPort!;
const { config, pretty } = workerData as { config: Config; pretty: boolean };
const post = (message: FromRoleThread) => port.postMessage(message);

try {
  const service = await startService(config, {
    logger: createLogger({ level: config.logLevel, pretty }),
    clock: systemClock,
  });
  port.on('message', (message: ToRoleThread) => {
    if (message.type !== 'stop') return;
    void service.stop().finally(() => {
      post({ type: 'stopped' });
      port.close();
    });
  });
  post({ type: 'ready', url: service.url });
} catch (error) {
  post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  port.close();
}
