// The booking rule table of domain.md: one small function per command, each returning events or throwing a rejection.
import { assertNever } from '../core/assert-never.js';
import { duplicateSeats, sameSeats } from '../core/seat.js';
import type { BookingCommand } from './commands.js';
import type { BookingEvent } from './events.js';
import { BookingRejection } from './rejection.js';
import type { BookingState } from './state.js';

export const maxSeatsPerBooking = 10;

type Command<T extends BookingCommand['type']> = Extract<BookingCommand, { type: T }>['data'];
type Existing = Exclude<BookingState, { status: 'Missing' }>;

export function decideBooking(command: BookingCommand, state: BookingState): BookingEvent[] {
  if (command.type === 'PlaceBooking') return place(command.data, state);
  if (state.status === 'Missing') throw new BookingRejection('BookingNotFound', 'The booking does not exist');
  switch (command.type) {
    case 'ConfirmBooking':
      return confirm(command.data, state);
    case 'DenyBooking':
      return deny(command.data, state);
    case 'CancelBooking':
      return cancel(command.data, state);
    case 'ReceivePayment':
      return receivePayment(command.data, state);
    case 'ExpireBooking':
      return expire(command.data, state);
    default:
      return assertNever(command);
  }
}

function place(command: Command<'PlaceBooking'>, state: BookingState): BookingEvent[] {
  const { bookingId, clientId, concertId, seats, now } = command;
  if (state.status !== 'Missing') {
    const placed = state.placed;
    // A retried request carries the same data: accept it without a second event.
    if (placed.clientId === clientId && placed.concertId === concertId && sameSeats(placed.seats, seats)) return [];
    throw new BookingRejection('BookingAlreadyExists', `Booking ${bookingId} already exists with other data`);
  }
  const duplicates = duplicateSeats(seats);
  if (duplicates.length > 0) {
    throw new BookingRejection('DuplicateSeats', 'A seat is listed more than once', { seats: duplicates });
  }
  if (seats.length > maxSeatsPerBooking) {
    throw new BookingRejection('TooManySeats', `A booking holds at most ${maxSeatsPerBooking} seats`, {
      requested: seats.length,
      limit: maxSeatsPerBooking,
    });
  }
  return [{ type: 'BookingPlaced', data: { bookingId, clientId, concertId, seats, placedAt: now.toISOString() } }];
}

function confirm(command: Command<'ConfirmBooking'>, state: Existing): BookingEvent[] {
  const bookingId = state.placed.bookingId;
  switch (state.status) {
    case 'AwaitingConfirmation': {
      const at = command.now.toISOString();
      const totalPrice = command.tickets.reduce((sum, ticket) => sum + ticket.price, 0);
      // A free booking has nothing to pay: it settles at once and never expires.
      const free = totalPrice === 0;
      const expiresAt = free || command.expiresAt === null ? null : command.expiresAt.toISOString();
      const confirmed: BookingEvent = {
        type: 'BookingConfirmed',
        data: { bookingId, tickets: command.tickets, totalPrice, expiresAt, confirmedAt: at },
      };
      return free ? [confirmed, { type: 'BookingSettled', data: { bookingId, settledAt: at } }] : [confirmed];
    }
    case 'Confirmed':
    case 'Settled':
    case 'Expired': // Expired bookings were confirmed once: a redelivered confirmation changes nothing.
      return [];
    case 'Denied':
      throw new BookingRejection('BookingIsDenied', 'The booking was denied');
    case 'Cancelled':
      throw new BookingRejection('BookingIsAlreadyCancelled', 'The booking was cancelled');
    default:
      return assertNever(state);
  }
}

function deny(command: Command<'DenyBooking'>, state: Existing): BookingEvent[] {
  switch (state.status) {
    case 'AwaitingConfirmation':
      return [
        {
          type: 'BookingDenied',
          data: { bookingId: state.placed.bookingId, reason: command.reason, deniedAt: command.now.toISOString() },
        },
      ];
    case 'Denied':
      return [];
    case 'Confirmed':
    case 'Settled':
    case 'Expired':
      throw new BookingRejection('BookingIsAlreadyConfirmed', 'The booking was already confirmed');
    case 'Cancelled':
      throw new BookingRejection('BookingIsAlreadyCancelled', 'The booking was cancelled');
    default:
      return assertNever(state);
  }
}

function cancel(command: Command<'CancelBooking'>, state: Existing): BookingEvent[] {
  switch (state.status) {
    case 'AwaitingConfirmation':
    case 'Confirmed':
      return [
        {
          type: 'BookingCancelled',
          data: { bookingId: state.placed.bookingId, reason: command.reason, cancelledAt: command.now.toISOString() },
        },
      ];
    case 'Cancelled':
    case 'Denied':
    case 'Expired':
      return [];
    case 'Settled':
      throw new BookingRejection('BookingIsAlreadySettled', 'The booking is paid and settled');
    default:
      return assertNever(state);
  }
}

function receivePayment(command: Command<'ReceivePayment'>, state: Existing): BookingEvent[] {
  const { paymentId, amount, now } = command;
  switch (state.status) {
    case 'Confirmed': {
      const { bookingId } = state.placed;
      const total = state.confirmation.totalPrice;
      if (amount !== total) {
        throw new BookingRejection(
          'PaymentAmountMismatch',
          `The payment of ${amount} does not match the total of ${total}`,
          {
            amount,
            totalPrice: total,
          },
        );
      }
      const at = now.toISOString();
      return [
        { type: 'BookingPaid', data: { bookingId, paymentId, amount, paidAt: at } },
        { type: 'BookingSettled', data: { bookingId, settledAt: at } },
      ];
    }
    case 'Settled':
      // The same payment delivered twice is harmless; a second, different payment is not.
      if (state.paymentId === paymentId) return [];
      throw new BookingRejection('BookingIsAlreadySettled', 'The booking was settled by another payment', {
        paymentId: state.paymentId,
      });
    case 'AwaitingConfirmation':
      throw new BookingRejection('BookingIsNotConfirmed', 'The booking is not confirmed yet');
    case 'Denied':
    case 'Cancelled':
    case 'Expired':
      throw new BookingRejection('BookingIsNotPayable', `A ${state.status.toLowerCase()} booking cannot be paid`, {
        status: state.status,
      });
    default:
      return assertNever(state);
  }
}

function expire(command: Command<'ExpireBooking'>, state: Existing): BookingEvent[] {
  switch (state.status) {
    case 'Confirmed': {
      const { expiresAt } = state.confirmation;
      if (expiresAt === null || Date.parse(expiresAt) > command.now.getTime()) {
        throw new BookingRejection('TooEarlyToExpire', 'The booking is not due to expire yet', { expiresAt });
      }
      return [
        { type: 'BookingExpired', data: { bookingId: state.placed.bookingId, expiredAt: command.now.toISOString() } },
      ];
    }
    case 'Expired':
    case 'Cancelled':
    case 'Denied':
      return [];
    case 'Settled':
      throw new BookingRejection('BookingIsAlreadySettled', 'The booking is paid and settled');
    case 'AwaitingConfirmation':
      throw new BookingRejection('BookingIsNotConfirmed', 'The booking is not confirmed yet');
    default:
      return assertNever(state);
  }
}
