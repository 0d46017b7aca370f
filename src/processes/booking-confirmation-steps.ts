// Booking confirmation as plain functions: BookingPlaced → reserve the seats → confirm or deny → release when too late.
import type { CommandOutcome, ProcessCommand, ReservationOutcome, Seat } from './process-commands.js';

export interface BookingPlacedFacts {
  readonly bookingId: string;
  readonly concertId: string;
  readonly seats: readonly Seat[];
}

type ReserveSeats = Extract<ProcessCommand, { type: 'ReserveSeats' }>;
type ConfirmOrDeny = Extract<ProcessCommand, { type: 'ConfirmBooking' | 'DenyBooking' }>;
type ReleaseSeats = Extract<ProcessCommand, { type: 'ReleaseSeats' }>;

/**
 * Step 1. Only a booking still waiting for confirmation asks for seats: a redelivered BookingPlaced of a
 * booking that has since been confirmed, denied, cancelled or expired must not grab its seats again
 * (an expired booking's seats may already belong to someone else's reservation, or be on sale).
 */
export function reserveSeatsFor(placed: BookingPlacedFacts, bookingStatus: string): ReserveSeats | undefined {
  if (bookingStatus !== 'AwaitingConfirmation') return undefined;
  return { type: 'ReserveSeats', concertId: placed.concertId, bookingId: placed.bookingId, seats: placed.seats };
}

/** Step 2. The seats are ours → confirm with the reservation's tickets and hold; refused → deny, naming why. */
export function confirmOrDeny(placed: BookingPlacedFacts, reservation: ReservationOutcome): ConfirmOrDeny {
  if (reservation.accepted) {
    return {
      type: 'ConfirmBooking',
      bookingId: placed.bookingId,
      tickets: reservation.tickets,
      expiresAt: reservation.expiresAt,
    };
  }
  return { type: 'DenyBooking', bookingId: placed.bookingId, reason: `${reservation.rejection}: ${reservation.detail}` };
}

/**
 * Step 3. A confirmation that the booking refuses (cancelled, denied or expired meanwhile) leaves the
 * reservation made in step 2 without an owner: release it, or those seats would never be sold again.
 * A refused denial needs nothing: a denied reservation holds no seats.
 */
export function releaseWhenRefused(
  placed: BookingPlacedFacts,
  sent: ConfirmOrDeny,
  outcome: CommandOutcome,
): ReleaseSeats | undefined {
  if (outcome.accepted || sent.type === 'DenyBooking') return undefined;
  return { type: 'ReleaseSeats', concertId: placed.concertId, bookingId: placed.bookingId };
}
