// The API's request and answer shapes as zod schemas: routes parse with them, /openapi.json is generated from them.
import { z } from 'zod';
import { ROLES } from '../roles.js';
import { concertSalesSchema } from '../projections/projection-reads.js';
import { seatSchema, ticketSchema } from '../core/seat.js';

/** Ids become part of stream names, so they are short and plain. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, "-" or "_", starting with a letter or digit');

export const bookingStatusSchema = z.enum([
  'AwaitingConfirmation',
  'Confirmed',
  'Denied',
  'Cancelled',
  'Expired',
  'Settled',
]);

// Requests: strict objects, so a misspelled or extra field is an error rather than silently ignored.
export const concertPathSchema = z.strictObject({ concertId: idSchema });
export const clientPathSchema = z.strictObject({ clientId: idSchema });
export const bookingPathSchema = z.strictObject({ clientId: idSchema, bookingId: idSchema });
export const paymentPathSchema = z.strictObject({ paymentId: idSchema });

export const placeBookingBodySchema = z.strictObject({
  concertId: idSchema,
  // The rule of at most 10 seats is the booking's own (TooManySeats); this only bounds the request.
  seats: z.array(seatSchema).min(1).max(100),
  bookingId: idSchema.optional().describe('Chosen by the client to make retries safe; generated when absent'),
});
export const cancelBookingBodySchema = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const recordPaymentBodySchema = z.strictObject({
  paymentId: idSchema,
  bookingId: idSchema,
  amount: z.int().min(1).max(1_000_000_000).describe('Cents'),
});
export const bookingListQuerySchema = z.strictObject({
  status: bookingStatusSchema.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  after: z.string().min(1).max(512).optional().describe('The `next` cursor of the previous page'),
});

// Answers.
export const bookingAnswerSchema = z.object({ bookingId: idSchema, status: bookingStatusSchema, version: z.int() });
export const bookingDocumentSchema = z.object({
  bookingId: z.string(),
  clientId: z.string(),
  concertId: z.string(),
  seats: z.array(seatSchema),
  tickets: z.array(ticketSchema).nullable(),
  totalPrice: z.int().nullable(),
  status: bookingStatusSchema,
  placedAt: z.string(),
  confirmedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  paymentId: z.string().nullable(),
  reason: z.string().nullable(),
  version: z.int().describe('The stream revision this document reflects'),
  correlationId: z
    .string()
    .describe("The booking process's correlation id: its events' `$correlationId`, the `$bc-` stream to look at"),
  updatedAt: z.string(),
});
export const bookingPageSchema = z.object({ items: z.array(bookingDocumentSchema), next: z.string().nullable() });
export const paymentAnswerSchema = z.object({
  paymentId: z.string(),
  bookingId: z.string(),
  amount: z.int(),
  status: z.enum(['Succeeded', 'Refunded']),
});
export const concertSummarySchema = z.object({
  concertId: z.string(),
  name: z.string(),
  rows: z.int(),
  seatsPerRow: z.int(),
  pricing: z.array(z.object({ fromRow: z.int(), toRow: z.int(), price: z.int() })),
  seatCount: z.int(),
  freeSeats: z.int(),
});
export const concertListSchema = z.object({ items: z.array(concertSummarySchema) });
export const concertDetailSchema = concertSummarySchema.extend({
  heldSeats: z.array(seatSchema),
  sales: concertSalesSchema
    .nullable()
    .optional()
    .describe('The concert-sales projection; null until it has seen the concert'),
});
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.string(),
  code: z.string(),
  requestId: z.string().optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
  /** A rejection's facts, e.g. the seats at fault. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export const readinessSchema = z.object({
  status: z.enum(['ready', 'not ready']),
  checks: z
    .record(
      z.string(),
      z.object({
        ok: z.boolean(),
        state: z
          .string()
          .describe(
            "up, unavailable, no answer; a process's subscribed or resubscribing; the view's live, rebuilding or resubscribing",
          ),
      }),
    )
    .describe('One entry per component, by name'),
  instance: z
    .object({ id: z.string(), roles: z.array(z.enum(ROLES)) })
    .optional()
    .describe('The instance that answered (INSTANCE_ID, or hostname-pid) and the roles it runs (SERVICE_ROLES)'),
});
