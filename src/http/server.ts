// The HTTP server around the express app: bounded headers, timeouts and work in flight, and Node's own refusals as
// problem documents. What a hostile or broken client can make the service hold is bounded here.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { Logger } from 'winston';
import { answerClientErrors } from './client-errors.js';
import { defaultInFlightLimits, limitInFlight, type InFlightCounts, type InFlightLimits } from './overload.js';

export const serverLimits = {
  /** Request line and headers together; over it Node answers 431 (a URL over 16 kB included). */
  maxHeaderSize: 16 * 1024,
  /** Headers must be in within this; a client trickling them (slowloris) is cut off with 408. */
  headersTimeoutMs: 10_000,
  /** The whole request, body included. The JSON bodies this API takes are at most 16 kB. */
  requestTimeoutMs: 30_000,
  /** An idle keep-alive connection is closed after this. */
  keepAliveTimeoutMs: 5_000,
} as const;

export type HttpServer = Server & { inFlight(): InFlightCounts };

export function createHttpServer(
  app: RequestListener,
  logger: Logger,
  limits: Partial<InFlightLimits> = {},
): HttpServer {
  // A limit given as undefined (not configured) keeps its default.
  const given = Object.fromEntries(Object.entries(limits).filter(([, value]) => value !== undefined));
  const handler = limitInFlight(app, logger, { ...defaultInFlightLimits, ...given });
  const server = createServer(
    {
      maxHeaderSize: serverLimits.maxHeaderSize,
      requestTimeout: serverLimits.requestTimeoutMs,
      headersTimeout: serverLimits.headersTimeoutMs,
      keepAliveTimeout: serverLimits.keepAliveTimeoutMs,
      // How often the two timeouts above are checked (30 s by default, which would let them run late by as much).
      connectionsCheckingInterval: 1_000,
    },
    handler,
  );
  answerClientErrors(server, logger);
  return Object.assign(server, { inFlight: () => handler.counts() });
}
