// The answers every operation can give besides its own, derived from what it takes: written once here so that
// /openapi.json lists every status the service really answers with, not only the ones each route thought of.
import { problemSchema } from './schemas.js';
import type { OperationSpec } from './openapi.js';

type Responses = OperationSpec['responses'];

const problem = (description: string) => ({ description, schema: problemSchema });

/**
 * - a path parameter, query or body: 400 (ValidationFailed, a path segment not valid percent-encoded UTF-8 included);
 * - a body: 413 (over 16 kB), 415 (not JSON, or an unknown Content-Encoding), 400 BodyNotDecodable;
 * - every operation: 431 (request line and headers over 16 kB) and 503 (Overloaded; StoreUnavailable or
 *   ViewIncomplete where it reads a store), each 503 with Retry-After.
 * An operation's own entry for a status wins over these, except 503, whose reasons are added to its own.
 */
export function withCommonResponses(spec: OperationSpec): Responses {
  const common: Record<number, { description: string; schema?: typeof problemSchema }> = {};
  if (spec.params || spec.query || spec.body) {
    common[400] = problem(
      'The request is not valid (ValidationFailed, naming each field; a path not valid percent-encoded UTF-8)',
    );
  }
  if (spec.body) {
    common[400] = problem(
      'The request is not valid (ValidationFailed; BodyNotDecodable: the body is not encoded as its Content-Encoding says)',
    );
    common[413] = problem('PayloadTooLarge: the body is over 16 kB');
    common[415] = problem('UnsupportedMediaType (not application/json) or UnsupportedContentEncoding');
  }
  common[431] = problem('HeadersTooLarge: the request line and headers are over 16 kB');
  const unavailable =
    'Try again after Retry-After seconds: Overloaded (too many requests in flight), StoreUnavailable (EventStoreDB or MongoDB cannot be reached), ViewIncomplete (the booking view is being rebuilt)';
  const own503 = spec.responses[503];
  // An operation's own 503 (readiness, an identity provider) is one more reason, not the only one.
  const merged503 = own503 ? { ...own503, description: `${own503.description}; ${unavailable}` } : problem(unavailable);
  return { ...common, ...spec.responses, 503: merged503 };
}
