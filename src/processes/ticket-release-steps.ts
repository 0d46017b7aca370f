// Ticket release as a plain function: a booking that expired or was cancelled gives its seats back to its concert.
import type { ConcertCommand } from '../concerts/commands.js';
import type { ToConcert } from './process-outcomes.js';

type ReleaseSeats = Extract<ConcertCommand, { type: 'ReleaseSeats' }>;

/** The booking events that end a booking's hold on its seats (BookingDenied never held any). */
export const RELEASING_EVENT_TYPES: readonly string[] = ['BookingExpired', 'BookingCancelled'];

export interface BookingOfConcert {
  readonly bookingId: string;
  readonly concertId: string;
}

/**
 * Any other event is none of its business (the subscription's filter should not send one, but the step does not
 * rely on how it is wired). Releasing is a no-op for seats that are not held, which makes a redelivered event harmless.
 */
export function releaseSeatsAfter(
  eventType: string,
  booking: BookingOfConcert,
  now: Date,
): ToConcert<ReleaseSeats> | undefined {
  if (!RELEASING_EVENT_TYPES.includes(eventType)) return undefined;
  return {
    to: 'concerts',
    id: booking.concertId,
    command: { type: 'ReleaseSeats', data: { bookingId: booking.bookingId, now } },
  };
}
