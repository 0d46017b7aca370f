// One service instance in a process of its own, for specs that kill it abruptly (SIGKILL): configured from the
// environment like `npm start`; prints {"url": …} on its first line once it listens. STEP_DELAY_MS holds each process
// step back that long, so that the instance has messages in flight when it is killed.
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/logger.js';
import { startService } from '../../src/service.js';

const config = loadConfig();
const stepDelayMs = Number(process.env.STEP_DELAY_MS ?? 0);
const service = await startService(config, {
  logger: createLogger({ level: config.logLevel, pretty: false, stream: process.stderr }),
  clock: systemClock,
  processes: stepDelayMs > 0 ? { beforeStep: () => new Promise((resolve) => setTimeout(resolve, stepDelayMs)) } : undefined,
});
process.stdout.write(`${JSON.stringify({ url: service.url })}\n`);
process.once('SIGTERM', () => void service.stop().then(() => process.exit(0)));
