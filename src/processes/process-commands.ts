// The commands the process managers issue, and what came of each: the vocabulary shared by the pure steps and their wiring.

import type { Seat, Ticket } from '../core/seat.js';

export type { Seat, Ticket };

export type ProcessCommand =
  | { readonly type: 'ReserveSeats'; readonly concertId: string; readonly bookingId: string; readonly seats: readonly Seat[] }
  | { readonly type: 'ReleaseSeats'; readonly concertId: string; readonly bookingId: string }
  | {
      readonly type: 'ConfirmBooking';
      readonly bookingId: string;
      readonly tickets: readonly Ticket[];
      readonly expiresAt: string | null;
    }
  | { readonly type: 'DenyBooking'; readonly bookingId: string; readonly reason: string }
  | { readonly type: 'ReceivePayment'; readonly bookingId: string; readonly paymentId: string; readonly amount: number }
  | { readonly type: 'RefundPayment'; readonly paymentId: string; readonly reason: string };

/** A rule's answer to a command: accepted (new events or a no-op) or a named rejection. */
export type CommandOutcome =
  | { readonly accepted: true }
  | { readonly accepted: false; readonly rejection: string; readonly detail: string };

/** What the ticketing side answered to ReserveSeats; a reservation is the same again when redelivered. */
export type ReservationOutcome =
  | { readonly accepted: true; readonly tickets: readonly Ticket[]; readonly expiresAt: string | null }
  | { readonly accepted: false; readonly rejection: string; readonly detail: string };

/**
 * The ids every process command carries: the booking process's correlation id (so `$bc-<id>` shows
 * the whole story) and the id of the event that caused the command.
 */
export interface CommandContext {
  readonly correlationId: string;
  readonly causationId: string;
}

export type Rejected = Extract<CommandOutcome, { accepted: false }>;

export const accepted: CommandOutcome = { accepted: true };

export const rejected = (rejection: string, detail = rejection): Rejected => ({ accepted: false, rejection, detail });
