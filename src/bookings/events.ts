// What happened to a booking: the events of stream `booking-<bookingId>` and the schemas they are read back with.
import { z } from 'zod';
import { seatSchema, ticketSchema } from '../core/seat.js';

const isoTime = z.iso.datetime();
const id = z.string().min(1);

export const bookingPlacedSchema = z.object({
  bookingId: id,
  clientId: id,
  concertId: id,
  seats: z.array(seatSchema).min(1),
  placedAt: isoTime,
});
export const bookingConfirmedSchema = z.object({
  bookingId: id,
  tickets: z.array(ticketSchema),
  totalPrice: z.int().min(0),
  /** null: nothing to pay, so nothing expires. */
  expiresAt: isoTime.nullable(),
  confirmedAt: isoTime,
});
export const bookingDeniedSchema = z.object({ bookingId: id, reason: z.string(), deniedAt: isoTime });
export const bookingCancelledSchema = z.object({ bookingId: id, reason: z.string(), cancelledAt: isoTime });
export const bookingExpiredSchema = z.object({ bookingId: id, expiredAt: isoTime });
export const bookingPaidSchema = z.object({
  bookingId: id,
  paymentId: id,
  amount: z.int().min(0),
  paidAt: isoTime,
});
export const bookingSettledSchema = z.object({ bookingId: id, settledAt: isoTime });

// Plain objects (not strict) on read: a later version may add fields, and old code must still fold it.
export const bookingEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('BookingPlaced'), data: bookingPlacedSchema }),
  z.object({ type: z.literal('BookingConfirmed'), data: bookingConfirmedSchema }),
  z.object({ type: z.literal('BookingDenied'), data: bookingDeniedSchema }),
  z.object({ type: z.literal('BookingCancelled'), data: bookingCancelledSchema }),
  z.object({ type: z.literal('BookingExpired'), data: bookingExpiredSchema }),
  z.object({ type: z.literal('BookingPaid'), data: bookingPaidSchema }),
  z.object({ type: z.literal('BookingSettled'), data: bookingSettledSchema }),
]);

export type BookingEvent = z.infer<typeof bookingEventSchema>;
export type BookingEventType = BookingEvent['type'];
export type BookingPlaced = z.infer<typeof bookingPlacedSchema>;
export type BookingConfirmed = z.infer<typeof bookingConfirmedSchema>;
