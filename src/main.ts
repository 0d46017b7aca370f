// Entry point of `npm start`: configuration, logger, the service, and a graceful stop on SIGTERM/SIGINT.
import { ConfigError, loadConfig } from './config.js';
import { systemClock } from './core/clock.js';
import { createLogger } from './logger.js';
import type { RunningService } from './service.js';
import { startThreadedService } from './threaded-service.js';

/** Signals this soon after the first are the same request delivered twice; a later one is an operator insisting. */
const repeatedSignalGraceMs = 2_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    // One message naming every bad variable, then stop: a half-configured service helps nobody.
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger({ level: config.logLevel });
  const started: { service?: RunningService } = {};
  // The embedded servers died under the service (a bug in them): their data is gone, so stop rather than limp on.
  const lost = () => void (started.service?.stop() ?? Promise.resolve()).finally(() => process.exit(1));
  const service = await startThreadedService(config, { logger, clock: systemClock, onEmbeddedServersLost: lost });
  started.service = service;

  // One Ctrl-C under `npm start` reaches this process more than once (the terminal signals the whole group, and tsx
  // relays it when this process is slow to say it got it). A repeat must not kill it halfway through the stop, which
  // `once` would (the default action ends the process): repeats are ignored, and only one a while later forces the exit.
  let stoppingSince: number | undefined;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < repeatedSignalGraceMs) return;
      logger.warn('stop forced by a second signal', { signal });
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info('stopping', { signal });
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('stop failed', { error: String(error) });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `The service failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
