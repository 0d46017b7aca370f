// GET /openapi.json: an OpenAPI 3.1 document generated from the very zod schemas the routes parse with.
import { z } from 'zod';
import * as s from './schemas.js';

export interface OperationSpec {
  readonly method: 'get' | 'post';
  /** OpenAPI style: `/clients/{clientId}/bookings`. */
  readonly path: string;
  readonly summary: string;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, { description: string; schema?: z.ZodType }>>;
}

const problem = (description: string) => ({ description, schema: s.problemSchema });
const invalid = problem('The request is not valid (ValidationFailed, DuplicateSeats, TooManySeats)');

export const operations: readonly OperationSpec[] = [
  { method: 'get', path: '/concerts', summary: 'The concerts on sale, with seat map, prices and free seats', responses: { 200: { description: 'Concerts', schema: s.concertListSchema } } },
  {
    method: 'get', path: '/concerts/{concertId}', summary: 'One concert, including the seats held', params: s.concertPathSchema,
    responses: { 200: { description: 'The concert', schema: s.concertDetailSchema }, 404: problem('ConcertNotFound') },
  },
  {
    method: 'post', path: '/clients/{clientId}/bookings', summary: 'Place a booking (idempotent by bookingId)', params: s.clientPathSchema, body: s.placeBookingBodySchema,
    responses: { 201: { description: 'Placed (or placed before with the same data)', schema: s.bookingAnswerSchema }, 400: invalid, 404: problem('ConcertNotFound'), 409: problem('BookingAlreadyExists'), 413: problem('Body too large'), 415: problem('Not JSON') },
  },
  {
    method: 'get', path: '/clients/{clientId}/bookings', summary: "A client's bookings, newest first", params: s.clientPathSchema, query: s.bookingListQuerySchema,
    responses: { 200: { description: 'A page of bookings', schema: s.bookingPageSchema }, 400: invalid },
  },
  {
    method: 'get', path: '/clients/{clientId}/bookings/{bookingId}', summary: 'One booking as the view shows it', params: s.bookingPathSchema,
    responses: { 200: { description: 'The booking', schema: s.bookingDocumentSchema }, 404: problem('BookingNotFound (also for another client’s booking)') },
  },
  {
    method: 'post', path: '/clients/{clientId}/bookings/{bookingId}/cancel', summary: 'Cancel a booking', params: s.bookingPathSchema, body: s.cancelBookingBodySchema,
    responses: { 200: { description: 'The booking after the cancellation', schema: s.bookingAnswerSchema }, 400: invalid, 404: problem('BookingNotFound'), 409: problem('BookingIsAlreadySettled') },
  },
  {
    method: 'post', path: '/payments', summary: 'Record a payment (idempotent by paymentId)', body: s.recordPaymentBodySchema,
    responses: { 201: { description: 'Recorded', schema: z.object({ paymentId: z.string(), status: s.paymentAnswerSchema.shape.status }) }, 400: invalid, 404: problem('BookingNotFound'), 409: problem('PaymentAlreadyRecorded') },
  },
  {
    method: 'get', path: '/payments/{paymentId}', summary: 'One payment', params: s.paymentPathSchema,
    responses: { 200: { description: 'The payment', schema: s.paymentAnswerSchema }, 404: problem('PaymentNotFound') },
  },
  { method: 'get', path: '/openapi.json', summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } },
  { method: 'get', path: '/health', summary: 'Liveness', responses: { 200: { description: 'The process answers', schema: z.object({ status: z.literal('ok') }) } } },
  {
    method: 'get', path: '/ready', summary: 'Readiness of EventStoreDB, MongoDB and the processes',
    responses: { 200: { description: 'Ready', schema: s.readinessSchema }, 503: { description: 'Not ready', schema: s.readinessSchema } },
  },
];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  // The document declares its own dialect; the per-schema `$schema` key would only repeat it.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });
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

function operationObject(spec: OperationSpec) {
  const responses = Object.fromEntries(
    Object.entries(spec.responses).map(([status, response]) => {
      const mediaType = Number(status) >= 400 ? 'application/problem+json' : 'application/json';
      return [status, { description: response.description, ...(response.schema ? { content: { [mediaType]: { schema: jsonSchema(response.schema, 'output') } } } : {}) }];
    }),
  );
  return {
    summary: spec.summary,
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(spec.body, 'input') } } } } : {}),
    responses,
  };
}

export function openApiDocument(specs: readonly OperationSpec[]): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) paths[spec.path] = { ...paths[spec.path], [spec.method]: operationObject(spec) };
  return {
    openapi: '3.1.0',
    info: { title: 'Concert ticket booking', version: '0.1.0', description: 'Event-sourced ticket booking on EventStoreDB; errors are RFC 9457 problem documents.' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
  };
}

/** The path patterns the API serves, to tell "wrong method" (405) from "no such route" (404). */
export function allowedMethods(specs: readonly OperationSpec[], path: string): string[] {
  return specs
    .filter((spec) => new RegExp(`^${spec.path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`).test(path))
    .map((spec) => spec.method.toUpperCase());
}
