// What the process steps ask for (the domain's own commands, addressed to one aggregate) and what came of each.
import type { BookingCommand } from '../bookings/commands.js';
import type { ConcertCommand } from '../concerts/commands.js';
import type { Ticket } from '../core/seat.js';
import type { PaymentCommand } from '../payments/commands.js';

/** A booking command for booking `id`: what a step hands to `bookings.handle(id, command, …)`. */
export interface ToBooking<Command extends BookingCommand = BookingCommand> {
  readonly to: 'bookings';
  readonly id: string;
  readonly command: Command;
}
export interface ToConcert<Command extends ConcertCommand = ConcertCommand> {
  readonly to: 'concerts';
  readonly id: string;
  readonly command: Command;
}
export interface ToPayment<Command extends PaymentCommand = PaymentCommand> {
  readonly to: 'payments';
  readonly id: string;
  readonly command: Command;
}
export type AddressedCommand = ToBooking | ToConcert | ToPayment;

/** A rule's answer to a command: accepted (new events or a no-op) or a named rejection. */
export type CommandOutcome =
  { readonly accepted: true } | { readonly accepted: false; readonly rejection: string; readonly detail: string };

/** What the ticketing side answered to ReserveSeats; a reservation is the same again when redelivered. */
export type ReservationOutcome =
  | { readonly accepted: true; readonly tickets: readonly Ticket[]; readonly expiresAt: string | null }
  | { readonly accepted: false; readonly rejection: string; readonly detail: string };

export type Rejected = Extract<CommandOutcome, { accepted: false }>;

export const accepted: CommandOutcome = { accepted: true };

export const rejected = (rejection: string, detail = rejection): Rejected => ({ accepted: false, rejection, detail });
