// Takes the caller's X-Request-Id (or makes one), echoes it, and runs the rest of the request in its context.
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { runInContext } from '../context.js';

/** A caller's id is reused only when it is safe to echo and to write into logs. */
const acceptable = /^[A-Za-z0-9._:-]{1,128}$/;

export function requestIdOf(locals: Record<string, unknown>): string | undefined {
  return typeof locals.requestId === 'string' ? locals.requestId : undefined;
}

/** The caller's id when acceptable, else a new one; also for answers written before express sees the request. */
export function requestIdFor(offered: string | undefined): string {
  return offered && acceptable.test(offered) ? offered : randomUUID();
}

export const assignRequestId: RequestHandler = (req, res, next) => {
  const requestId = requestIdFor(req.get('x-request-id'));
  res.locals.requestId = requestId;
  res.set('X-Request-Id', requestId);
  next();
};

/**
 * Placed after body parsing: the body parser's stream callbacks do not keep an AsyncLocalStorage
 * context, so the context is entered again once the body is in.
 */
export const enterRequestContext: RequestHandler = (_req, res, next) => {
  runInContext({ requestId: requestIdOf(res.locals) }, next);
};
