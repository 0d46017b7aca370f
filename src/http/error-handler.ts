// The one place where failures become application/problem+json (RFC 9457); nothing else writes an error answer.
import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'winston';
import { DomainRejection, type RejectionKind } from '../core/rejection.js';
import { ConcurrencyRetriesExhaustedError, PreconditionFailedError } from '../eventstore/errors.js';
import { etagOf } from './preconditions.js';
import { malformedRequestProblem } from './client-errors.js';
import { HttpProblem, problemDocument, type FieldError } from './problem.js';
import { requestIdOf } from './request-id.js';
import { unavailableProblem } from './unavailable.js';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: readonly FieldError[];
  /** A rejection's facts (the seats taken, the booking's status…), sent as `details`: never mixed with the members above. */
  details?: Readonly<Record<string, unknown>>;
  headers?: Readonly<Record<string, string>>;
}

const statusOfKind: Record<RejectionKind, number> = { invalid: 400, conflict: 409, 'not-found': 404 };

/** Errors that carry a `field` (e.g. an unreadable list cursor) are the client's: a 400 naming it. */
interface FieldScopedError {
  code: string;
  field: string;
  message: string;
}

function isFieldScoped(error: unknown): error is FieldScopedError {
  return (
    error instanceof Error &&
    typeof (error as Partial<FieldScopedError>).field === 'string' &&
    typeof (error as Partial<FieldScopedError>).code === 'string'
  );
}

/** body-parser's errors carry `type`; its 4xx ones are the client's fault. */
function bodyParserProblem(error: unknown): Problem | undefined {
  const failure = error as { type?: string; status?: number; message?: string };
  if (failure.type === 'entity.parse.failed') {
    return {
      status: 400,
      code: 'ValidationFailed',
      detail: 'The body is not valid JSON',
      errors: [{ field: 'body', message: 'is not valid JSON' }],
    };
  }
  if (failure.type === 'entity.too.large') {
    return {
      status: 413,
      code: 'PayloadTooLarge',
      detail: 'The body is larger than the service accepts',
      errors: [{ field: 'body', message: 'is too large' }],
    };
  }
  if (
    typeof failure.type === 'string' &&
    typeof failure.status === 'number' &&
    failure.status >= 400 &&
    failure.status < 500
  ) {
    return {
      status: failure.status,
      code: 'BadRequestBody',
      detail: failure.message ?? 'unreadable body',
      errors: [{ field: 'body', message: failure.message ?? 'unreadable' }],
    };
  }
  return undefined;
}

function toProblem(failure: unknown): Problem | undefined {
  const error = malformedRequestProblem(failure) ?? unavailableProblem(failure) ?? failure;
  if (error instanceof HttpProblem) {
    return {
      status: error.status,
      code: error.code,
      detail: error.message,
      errors: error.errors,
      headers: error.headers,
    };
  }
  if (error instanceof DomainRejection) {
    const status = statusOfKind[error.kind];
    const errors = error.field ? [{ field: `body.${error.field}`, message: error.message }] : undefined;
    const details = Object.keys(error.details).length > 0 ? error.details : undefined;
    return { status, code: error.code, detail: error.message, errors, details };
  }
  if (isFieldScoped(error)) {
    return {
      status: 400,
      code: 'ValidationFailed',
      detail: error.message,
      errors: [{ field: `query.${error.field}`, message: error.message }],
    };
  }
  if (error instanceof PreconditionFailedError) {
    const current: Record<string, string> =
      error.currentRevision === null ? {} : { ETag: etagOf(error.currentRevision) };
    return {
      status: 412,
      code: error.code,
      detail: `If-Match names revision ${error.expectedRevision}; the resource has changed since (now ${error.currentRevision ?? 'none'})`,
      headers: current,
    };
  }
  if (error instanceof ConcurrencyRetriesExhaustedError) {
    return {
      status: 503,
      code: error.code,
      detail: 'Too many concurrent changes; retry shortly',
      headers: { 'Retry-After': '1' },
    };
  }
  return bodyParserProblem(error);
}

function sendProblem(res: Response, problem: Problem): void {
  const requestId = requestIdOf(res.locals);
  res
    .status(problem.status)
    .set(problem.headers ?? {})
    .type('application/problem+json')
    .json(problemDocument({ ...problem, requestId }));
}

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const requestId = requestIdOf(res.locals);
    const problem = toProblem(error);
    if (problem) {
      logger.info('request refused', {
        requestId,
        method: req.method,
        path: req.path,
        status: problem.status,
        code: problem.code,
      });
      // What made a store unreachable (an address, the driver's text) goes to the log only.
      if (problem.status === 503 && !(error instanceof HttpProblem))
        logger.warn('request failed for want of a store', { requestId, code: problem.code, error: String(error) });
      return sendProblem(res, problem);
    }
    // Unexpected: the stack goes to the log, never to the client.
    logger.error('request failed', {
      requestId,
      method: req.method,
      path: req.path,
      error: error instanceof Error ? error.stack : String(error),
    });
    sendProblem(res, {
      status: 500,
      code: 'InternalError',
      detail: 'The service failed to answer; the request id finds it in the log',
    });
  };
}
