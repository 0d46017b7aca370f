// One service instance in a process of its own, for specs that kill it abruptly (SIGKILL): configured from the
// environment like `npm start`; prints {"url": …} once it listens. With STEP_DELAY_MS, every delivery to its process
// managers is held that long before its step runs, and announced first ({"held": bookingId}), so that a spec knows
// which messages the instance holds when it is killed.
import { EventStoreDBClient } from '@eventstore/db-client';
import { loadConfig } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/logger.js';
import { startService } from '../../src/service.js';
import { withFaults, type Delivery } from '../support/faulty-eventstore.js';

const config = loadConfig();
const stepDelayMs = Number(process.env.STEP_DELAY_MS ?? 0);
const print = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);
const hold = (delivery: Delivery) => {
  print({ held: (delivery.event?.data as { bookingId?: string } | undefined)?.bookingId ?? null });
  return new Promise<void>((resolve) => setTimeout(resolve, stepDelayMs));
};
const service = await startService(config, {
  logger: createLogger({ level: config.logLevel, pretty: false, stream: process.stderr }),
  clock: systemClock,
  connectEventStore:
    stepDelayMs > 0
      ? (connectionString) =>
          withFaults(EventStoreDBClient.connectionString(connectionString), { beforeDelivery: hold })
      : undefined,
});
print({ url: service.url });
process.once('SIGTERM', () => void service.stop().then(() => process.exit(0)));
