// Optimistic concurrency at the HTTP edge: an ETag is the stream revision a representation reflects, and If-Match
// on a command asks for it to be appended only right after that revision (otherwise 412).
import type { Request, Response } from 'express';
import { HttpProblem } from './problem.js';

/** A strong entity tag: the revision, quoted (`"3"`). */
export const etagOf = (revision: bigint | number): string => `"${revision}"`;

export function setEtag(res: Response, revision: bigint | number | null): void {
  if (revision !== null) res.set('ETag', etagOf(revision));
}

const invalidIfMatch = (message: string) =>
  new HttpProblem(400, 'ValidationFailed', `If-Match: ${message}`, [{ field: 'header.if-match', message }]);

/**
 * The revision the client's If-Match names; undefined without one (or with `*`: the resource exists, which the route
 * checks anyway). One entity tag only: a list would ask for "any of these", which one expected revision cannot say.
 */
export function expectedRevisionOf(req: Request): bigint | undefined {
  const header = req.get('if-match')?.trim();
  if (header === undefined || header === '' || header === '*') return undefined;
  if (header.startsWith('W/')) {
    // RFC 9110, 13.1.1: If-Match compares strongly, and a weak tag never matches.
    throw new HttpProblem(
      412,
      'PreconditionFailed',
      'A weak entity tag never matches If-Match; send the ETag as it was given',
      [],
      {},
    );
  }
  const match = /^"(0|[1-9]\d{0,18})"$/.exec(header);
  if (!match) throw invalidIfMatch('must be one entity tag as given in an ETag, e.g. "3"');
  return BigInt(match[1]!);
}
