// What happened to a concert's seats: the events of stream `concert-<concertId>` and their read-back schemas.
import { z } from 'zod';
import { seatSchema, ticketSchema } from '../core/seat.js';

const isoTime = z.iso.datetime();
const id = z.string().min(1);

export const priceBandSchema = z
  .object({ fromRow: z.int().min(1), toRow: z.int().min(1), price: z.int().min(0) })
  .refine((band) => band.fromRow <= band.toRow, { message: 'fromRow must not exceed toRow' });
export type PriceBand = z.infer<typeof priceBandSchema>;

export const concertScheduledSchema = z.object({
  concertId: id,
  name: z.string().min(1),
  seatsPerRow: z.int().min(1),
  pricing: z.array(priceBandSchema).min(1),
});
export const seatsReservedSchema = z.object({
  concertId: id,
  bookingId: id,
  seats: z.array(seatSchema).min(1),
  tickets: z.array(ticketSchema).min(1),
  expiresAt: isoTime,
  reservedAt: isoTime,
});
export const seatsReleasedSchema = z.object({
  concertId: id,
  bookingId: id,
  seats: z.array(seatSchema),
  releasedAt: isoTime,
});

export const concertEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ConcertScheduled'), data: concertScheduledSchema }),
  z.object({ type: z.literal('SeatsReserved'), data: seatsReservedSchema }),
  z.object({ type: z.literal('SeatsReleased'), data: seatsReleasedSchema }),
]);

export type ConcertEvent = z.infer<typeof concertEventSchema>;
export type ConcertScheduled = z.infer<typeof concertScheduledSchema>;
