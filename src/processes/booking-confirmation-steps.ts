// Booking confirmation as plain functions: BookingPlaced → reserve the seats → confirm or deny → release when too late.
import type { BookingCommand } from '../bookings/commands.js';
import type { ConcertCommand } from '../concerts/commands.js';
import type { Seat } from '../core/seat.js';
import type { CommandOutcome, ReservationOutcome, ToBooking, ToConcert } from './process-outcomes.js';

export interface BookingPlacedFacts {
  readonly bookingId: string;
  readonly concertId: string;
  readonly seats: readonly Seat[];
}

type ReserveSeats = Extract<ConcertCommand, { type: 'ReserveSeats' }>;
type ConfirmOrDeny = Extract<BookingCommand, { type: 'ConfirmBooking' | 'DenyBooking' }>;

/**
 * Step 1. Only a booking still waiting for confirmation asks for seats: a redelivered BookingPlaced of a
 * booking that has since been confirmed, denied, cancelled or expired must not grab its seats again
 * (an expired booking's seats may already belong to someone else's reservation, or be on sale).
 */
export function reserveSeatsFor(
  placed: BookingPlacedFacts,
  bookingStatus: string,
  now: Date,
  holdSeconds: number,
): ToConcert<ReserveSeats> | undefined {
  if (bookingStatus !== 'AwaitingConfirmation') return undefined;
  const data = { bookingId: placed.bookingId, seats: [...placed.seats], now, holdSeconds };
  return { to: 'concerts', id: placed.concertId, command: { type: 'ReserveSeats', data } };
}

/** Step 2. The seats are ours → confirm with the reservation's tickets and hold; refused → deny, naming why. */
export function confirmOrDeny(
  placed: BookingPlacedFacts,
  reservation: ReservationOutcome,
  now: Date,
): ToBooking<ConfirmOrDeny> {
  if (reservation.accepted) {
    const expiresAt = reservation.expiresAt === null ? null : new Date(reservation.expiresAt);
    return {
      to: 'bookings',
      id: placed.bookingId,
      command: { type: 'ConfirmBooking', data: { tickets: [...reservation.tickets], expiresAt, now } },
    };
  }
  const reason = `${reservation.rejection}: ${reservation.detail}`;
  return { to: 'bookings', id: placed.bookingId, command: { type: 'DenyBooking', data: { reason, now } } };
}

/**
 * Step 3. A confirmation that the booking refuses (cancelled, denied or expired meanwhile) leaves the
 * reservation made in step 2 without an owner: release it, or those seats would never be sold again.
 * A refused denial needs nothing: a denied reservation holds no seats.
 */
export function releaseWhenRefused(
  placed: BookingPlacedFacts,
  sent: ToBooking<ConfirmOrDeny>,
  outcome: CommandOutcome,
  now: Date,
): ToConcert | undefined {
  if (outcome.accepted || sent.command.type === 'DenyBooking') return undefined;
  return {
    to: 'concerts',
    id: placed.concertId,
    command: { type: 'ReleaseSeats', data: { bookingId: placed.bookingId, now } },
  };
}
