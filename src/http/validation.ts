// Parses one part of a request with its zod schema; every issue becomes a field error naming where it is.
import type { z } from 'zod';
import { validationFailed, type FieldError } from './problem.js';

export type RequestPart = 'body' | 'path' | 'query';

export function parseRequest<Schema extends z.ZodType>(
  schema: Schema,
  value: unknown,
  part: RequestPart,
): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw validationFailed(parsed.error.issues.flatMap((issue) => toFieldErrors(issue, part)));
}

function toFieldErrors(issue: z.core.$ZodIssue, part: RequestPart): FieldError[] {
  const at = [part, ...issue.path.map(String)];
  // An unknown key is reported on its parent; name each key itself so the client sees what to remove.
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({ field: [...at, key].join('.'), message: 'is not an allowed field' }));
  }
  return [{ field: at.join('.'), message: issue.message }];
}
