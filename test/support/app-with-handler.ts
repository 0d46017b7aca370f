// The HTTP app on its own on port 0, a command handler standing in for EventStoreDB and no bookings in the view:
// for the failures and answers the real store rarely produces on demand.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'winston';
import { systemClock } from '../../src/core/clock.js';
import { aggregateHandlers } from '../../src/eventstore/aggregate-handlers.js';
import type { CommandHandler } from '../../src/eventstore/command-handler.js';
import { createApp } from '../../src/http/app.js';
import { testAuth } from './credentials.js';

export interface AppWithHandler {
  readonly url: string;
  stop(): Promise<void>;
}

/** Every aggregate's commands go to `handler`; the app logs to `logger`. */
export async function startAppWithHandler(handler: CommandHandler, logger: Logger): Promise<AppWithHandler> {
  const app = createApp({
    auth: testAuth,
    ...aggregateHandlers(handler),
    clock: systemClock,
    logger,
    concertIds: ['rock-night'],
    bookingReads: { list: async () => ({ items: [], next: null }), get: async () => null },
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
