// Reads JSON bodies under a size limit; a body in another media type is refused before anything parses it.
import express, { type Request, type RequestHandler } from 'express';
import { HttpProblem } from './problem.js';

const jsonTypes = ['application/json', 'application/*+json'];

/** The bytes the body was parsed from, as received: what the payment provider's signature covers. */
const rawBodies = new WeakMap<Request, Buffer>();

export const rawBodyOf = (req: Request): Buffer => rawBodies.get(req) ?? Buffer.alloc(0);

export function jsonBody(limit: string): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    if (req.method === 'POST' && hasBody(req.headers) && !req.is(jsonTypes)) {
      const given = req.get('content-type') ?? 'none';
      throw new HttpProblem(415, 'UnsupportedMediaType', `The body must be application/json, not ${given}`, [
        { field: 'header.content-type', message: 'must be application/json' },
      ]);
    }
    next();
  };
  return [
    requireJson,
    express.json({
      limit,
      type: jsonTypes,
      strict: true,
      verify: (req, _res, raw) => void rawBodies.set(req as Request, raw),
    }),
  ];
}

function hasBody(headers: Record<string, unknown>): boolean {
  return (
    headers['transfer-encoding'] !== undefined ||
    (headers['content-length'] !== undefined && headers['content-length'] !== '0')
  );
}
