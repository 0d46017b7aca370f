// What the HTTP API reads from the event store's projections: the booking overview and one concert's sales.
import type { EventStoreDBClient } from '@eventstore/db-client';
import { z } from 'zod';

const count = z.int().min(0);
const cents = z.int();

export const bookingOverviewSchema = z.object({
  bookings: z.object({
    AwaitingConfirmation: count,
    Confirmed: count,
    Denied: count,
    Cancelled: count,
    Expired: count,
    Settled: count,
  }),
  placed: count,
  settledRevenue: cents,
  refunds: z.object({ count, amount: cents }),
});
export type BookingOverview = z.infer<typeof bookingOverviewSchema>;

export const concertSalesSchema = z.object({
  concertId: z.string(),
  name: z.string().nullable(),
  seatsHeld: count,
  seatsReserved: count,
  seatsReleased: count,
  settledBookings: count,
  settledRevenue: cents,
});
export type ConcertSales = z.infer<typeof concertSalesSchema>;

/** The overview before the first booking: the projection has no state until its first event. */
const noBookingsYet: BookingOverview = {
  bookings: { AwaitingConfirmation: 0, Confirmed: 0, Denied: 0, Cancelled: 0, Expired: 0, Settled: 0 },
  placed: 0,
  settledRevenue: 0,
  refunds: { count: 0, amount: 0 },
};

export interface ProjectionReads {
  overview(): Promise<BookingOverview>;
  /** null until the concert's stream has been projected. */
  concertSales(concertId: string): Promise<ConcertSales | null>;
}

export function createProjectionReads(client: EventStoreDBClient): ProjectionReads {
  return {
    async overview() {
      const result = await client.getProjectionResult('booking-overview');
      return result === null || result === undefined ? noBookingsYet : bookingOverviewSchema.parse(result);
    },
    async concertSales(concertId) {
      const state = await client.getProjectionState('concert-sales', { partition: `concert-${concertId}` });
      const empty = state === null || state === undefined || Object.keys(state as object).length === 0;
      return empty ? null : concertSalesSchema.parse(state);
    },
  };
}
