// GET /openapi.json: an OpenAPI 3.1 document generated from the routes' declarations, with the very zod schemas they parse with.
import { z } from 'zod';
import type { Access } from './authentication.js';
import { withCommonResponses } from './common-responses.js';
import { defineRoute, type Route } from './route.js';
import * as s from './schemas.js';

/** What a route's declaration (src/http/route.ts) says to the document. */
export interface OperationSpec {
  readonly method: 'get' | 'post';
  /** OpenAPI style: `/clients/{clientId}/bookings`. */
  readonly path: string;
  readonly summary: string;
  /** Who may call it: the guard in front of it (src/http/route.ts), its security requirement and its 401/403 answers here. */
  readonly access: Access;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, { description: string; schema?: z.ZodType }>>;
  /** Its successful answers carry an ETag: the stream revision they reflect (and a GET answers 304 to If-None-Match). */
  readonly etag?: boolean;
  /** It takes If-Match with such an ETag and answers 412 when the stream has moved on. */
  readonly ifMatch?: boolean;
}

export const problem = (description: string) => ({ description, schema: s.problemSchema });
/** The 400 of every operation that parses a path, query or body. */
export const invalid = problem('The request is not valid (ValidationFailed, DuplicateSeats, TooManySeats)');

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  // The document declares its own dialect; the per-schema `$schema` key would only repeat it.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest;
}

function parameters(schema: z.ZodObject | undefined, location: 'path' | 'query') {
  if (!schema) return [];
  return Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: location,
    required: location === 'path' || !(field as z.ZodType).safeParse(undefined).success,
    schema: jsonSchema(field as z.ZodType, 'input'),
  }));
}

/** The schemes of components.securitySchemes that each kind of caller uses. */
const securityOf: Record<Access, readonly Record<string, never[]>[]> = {
  public: [],
  client: [{ clientToken: [] }],
  operator: [{ operatorToken: [] }, { operatorSession: [] }],
  'payment-provider': [{ paymentSignature: [] }],
};

const securitySchemes = {
  clientToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'A JWT whose `sub` is the client id (HS256 with AUTH_JWT_SECRET, or RS256/ES256 from AUTH_JWKS_URL); `exp` required',
  },
  operatorToken: { type: 'http', scheme: 'bearer', description: 'OPERATOR_TOKEN' },
  operatorSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'inspector_session',
    description: 'Set by POST /inspector/login; sent by browsers to /inspector only',
  },
  paymentSignature: {
    type: 'apiKey',
    in: 'header',
    name: 'Payment-Signature',
    description:
      't=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with PAYMENT_WEBHOOK_SECRET>; refused more than 300 s from the service\'s clock',
  },
};

/** The answers a guard gives, added to every operation behind it. */
function guardResponses(access: Access): OperationSpec['responses'] {
  switch (access) {
    case 'public':
      return {};
    case 'client':
      return {
        401: problem(
          'AuthenticationRequired or InvalidToken: no, or no valid, client token (WWW-Authenticate: Bearer)',
        ),
        403: problem('Forbidden: the token is for another client than the path names'),
        503: problem('IdentityProviderUnavailable: the key set of AUTH_JWKS_URL cannot be fetched'),
      };
    case 'operator':
      return { 401: problem('AuthenticationRequired or InvalidToken: no, or not the, operator token') };
    case 'payment-provider':
      return {
        401: problem(
          'InvalidPaymentSignature: the Payment-Signature header is missing, malformed, stale or does not match the body',
        ),
      };
  }
}

const etagHeader = {
  ETag: {
    description: 'The stream revision this answer reflects, quoted ("3"): send it back in If-Match',
    schema: { type: 'string' },
  },
};

/** The answers that concurrency control adds: 304 to a GET's If-None-Match, 412 to a stale If-Match. */
function preconditionResponses(spec: OperationSpec): OperationSpec['responses'] {
  const responses: Record<number, { description: string; schema?: z.ZodType }> = {};
  if (spec.etag && spec.method === 'get')
    responses[304] = { description: 'Not modified: If-None-Match names the current ETag' };
  if (spec.ifMatch)
    responses[412] = problem(
      'PreconditionFailed: If-Match names another revision than the current one (the answer carries the current ETag)',
    );
  return responses;
}

/**
 * JSON below 400, a problem document from 400 on; an answer of an operation's own past 400 that is not a problem
 * (readiness's 503 lists its checks) is JSON, and the problem any request may get with that status (503 Overloaded)
 * is listed beside it.
 */
function contentOf(status: number, schema: z.ZodType | undefined) {
  if (!schema) return {};
  if (status < 400) return { content: { 'application/json': { schema: jsonSchema(schema, 'output') } } };
  if (schema === s.problemSchema)
    return { content: { 'application/problem+json': { schema: jsonSchema(schema, 'output') } } };
  return {
    content: {
      'application/json': { schema: jsonSchema(schema, 'output') },
      'application/problem+json': { schema: jsonSchema(s.problemSchema, 'output') },
    },
  };
}

function operationObject(spec: OperationSpec) {
  const responses = Object.fromEntries(
    Object.entries(
      withCommonResponses({
        ...spec,
        responses: { ...guardResponses(spec.access), ...spec.responses, ...preconditionResponses(spec) },
      }),
    ).map(([status, response]) => {
      const headers = spec.etag && Number(status) < 300 ? { headers: etagHeader } : {};
      return [status, { description: response.description, ...headers, ...contentOf(Number(status), response.schema) }];
    }),
  );
  const ifMatch = spec.ifMatch
    ? [
        {
          name: 'If-Match',
          in: 'header',
          required: false,
          description: 'An ETag of this resource: act only if it is still the current revision',
          schema: { type: 'string' },
        },
      ]
    : [];
  return {
    summary: spec.summary,
    ...(spec.access === 'public' ? {} : { security: securityOf[spec.access] }),
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query'), ...ifMatch],
    ...(spec.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } }
      : {}),
    responses,
  };
}

export function openApiDocument(specs: readonly OperationSpec[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    // A second declaration would silently replace the first here while express served the first: refused instead.
    if (paths[spec.path]?.[spec.method]) throw new Error(`${spec.method.toUpperCase()} ${spec.path} is declared twice`);
    paths[spec.path] = { ...paths[spec.path], [spec.method]: operationObject(spec) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Concert ticket booking',
      version: '0.1.0',
      description:
        'Event-sourced ticket booking on EventStoreDB; errors are RFC 9457 problem documents. Besides the answers listed per operation, any request may get 400 MalformedRequest (not HTTP/1.1), 408 RequestTimeout (headers not in within 10 s), 417 ExpectationFailed (an Expect other than 100-continue), 404 RouteNotFound or 405 MethodNotAllowed.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: { securitySchemes },
  };
}

/** GET /openapi.json itself, declared like any route; it is given the document once all routes are declared. */
export function openApiRoute(document: () => Record<string, unknown>): Route {
  return defineRoute({
    method: 'get',
    path: '/openapi.json',
    access: 'public',
    summary: 'This document',
    responses: { 200: { description: 'OpenAPI 3.1' } },
    handle(_input, res) {
      res.json(document());
    },
  });
}
