// Bounds the work HTTP can start: requests on one connection take turns, a connection piling up unanswered pipelined
// requests is cut, and past a total in flight the answer is a cheap 503. One socket pipelining thousands of requests
// once started them all at once, and the stores' clients starved.
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'winston';
import { RETRY_AFTER_SECONDS } from './unavailable.js';
import { problemDocument } from './problem.js';

export interface InFlightLimits {
  /** Requests of one connection handled at once; pipelined ones wait their turn (HTTP answers them in order anyway). */
  readonly perConnection: number;
  /** Requests handled at once by the whole service; past it, 503 with Retry-After. */
  readonly total: number;
  /**
   * Requests parsed and waiting their turn on one connection; one more and the connection is closed. Node parses a
   * whole 64 kB chunk of pipelined requests at once and reads on whenever its answers leave, so there is no pausing
   * a flood: only closing it bounds what it holds. No client waits on hundreds of pipelined answers in earnest.
   */
  readonly waitingPerConnection: number;
}

/** Answered whatever the load: see start(). */
const LIVENESS_PATH = '/health';

export const defaultInFlightLimits: InFlightLimits = { perConnection: 1, total: 256, waitingPerConnection: 256 };

export interface InFlightCounts {
  readonly inFlight: number;
  readonly refused: number;
  /** Connections closed for piling up more waiting requests than allowed. */
  readonly connectionsCut: number;
  /** The most requests ever waiting on one connection: what a pipelining client can make the service hold. */
  readonly peakWaiting: number;
}

interface Connection {
  running: number;
  readonly waiting: Array<[IncomingMessage, ServerResponse]>;
  waitingForDrain: boolean;
  closed: boolean;
}

/** The refusal is written here, not by express: it must cost next to nothing, whatever the load. */
const refusalBody = JSON.stringify(
  problemDocument({ status: 503, code: 'Overloaded', detail: 'Too many requests in flight; try again shortly' }),
);

function refuse(res: ServerResponse): void {
  const body = refusalBody;
  res.writeHead(503, {
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Retry-After': String(RETRY_AFTER_SECONDS),
  });
  res.end(body);
}

export function limitInFlight(
  handler: RequestListener,
  logger: Logger,
  limits: InFlightLimits = defaultInFlightLimits,
): RequestListener & { counts(): InFlightCounts } {
  const connections = new WeakMap<Socket, Connection>();
  let inFlight = 0;
  let refused = 0;
  let peakWaiting = 0;
  let connectionsCut = 0;

  const connectionOf = (socket: Socket): Connection => {
    let connection = connections.get(socket);
    if (!connection) {
      const created: Connection = { running: 0, waiting: [], waitingForDrain: false, closed: false };
      // Requests still waiting when the client goes away are never answered: Node closes their responses.
      socket.once('close', () => {
        created.closed = true;
        created.waiting.length = 0;
      });
      connections.set(socket, created);
      connection = created;
    }
    return connection;
  };

  const start = (socket: Socket, connection: Connection, req: IncomingMessage, res: ServerResponse): void => {
    connection.running += 1;
    // Liveness touches no store: an overloaded service is still alive, and must not be restarted for being busy.
    const liveness = req.url === LIVENESS_PATH;
    const counted = !liveness && inFlight < limits.total;
    let released = false;
    res.once('close', () => {
      if (released) return;
      released = true;
      if (counted) inFlight -= 1;
      connection.running -= 1;
      next(socket, connection);
    });
    if (liveness) {
      handler(req, res);
      return;
    }
    if (!counted) {
      refused += 1;
      if (refused % 1000 === 1) logger.warn('requests refused: too many in flight', { limit: limits.total, refused });
      refuse(res);
      return;
    }
    inFlight += 1;
    handler(req, res);
  };

  /** The next waiting request, once an earlier answer is out and the socket has room for another. */
  const next = (socket: Socket, connection: Connection): void => {
    if (connection.closed) return;
    while (connection.running < limits.perConnection && connection.waiting.length > 0) {
      // An answer the client does not read stays in memory: the next one waits until the socket drains.
      if (socket.writableNeedDrain) {
        if (!connection.waitingForDrain) {
          connection.waitingForDrain = true;
          socket.once('drain', () => {
            connection.waitingForDrain = false;
            next(socket, connection);
          });
        }
        return;
      }
      const [req, res] = connection.waiting.shift()!;
      start(socket, connection, req, res);
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    const socket = req.socket;
    const connection = connectionOf(socket);
    if (connection.running < limits.perConnection && connection.waiting.length === 0 && !socket.writableNeedDrain) {
      start(socket, connection, req, res);
      return;
    }
    if (connection.closed) return;
    if (connection.waiting.length >= limits.waitingPerConnection) {
      // Nothing waiting was started, so nothing is half done: the client may send those requests again.
      connectionsCut += 1;
      logger.warn('connection closed: too many pipelined requests waiting', {
        waiting: connection.waiting.length,
        limit: limits.waitingPerConnection,
      });
      connection.closed = true;
      connection.waiting.length = 0;
      socket.destroy();
      return;
    }
    connection.waiting.push([req, res]);
    peakWaiting = Math.max(peakWaiting, connection.waiting.length);
    next(socket, connection);
  };
  return Object.assign(listener, {
    counts: (): InFlightCounts => ({ inFlight, refused, peakWaiting, connectionsCut }),
  });
}
