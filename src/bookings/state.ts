// A booking's state as a union over its status, and evolve: how each event moves it.
import { assertNever } from '../core/assert-never.js';
import { ImpossibleEventError } from '../core/impossible-event.js';
import type { Ticket } from '../core/seat.js';
import type { BookingEvent, BookingPlaced } from './events.js';

export type BookingStatus = 'AwaitingConfirmation' | 'Confirmed' | 'Denied' | 'Cancelled' | 'Expired' | 'Settled';

export interface Confirmation {
  readonly tickets: Ticket[];
  readonly totalPrice: number;
  readonly expiresAt: string | null;
  readonly confirmedAt: string;
}

type Placed = BookingPlaced;

export type BookingState =
  | { readonly status: 'Missing' }
  | { readonly status: 'AwaitingConfirmation'; readonly placed: Placed }
  | { readonly status: 'Confirmed'; readonly placed: Placed; readonly confirmation: Confirmation }
  | { readonly status: 'Denied'; readonly placed: Placed; readonly reason: string }
  | {
      readonly status: 'Cancelled';
      readonly placed: Placed;
      /** null when cancelled before the seats were confirmed. */
      readonly confirmation: Confirmation | null;
      readonly reason: string;
    }
  | { readonly status: 'Expired'; readonly placed: Placed; readonly confirmation: Confirmation }
  | {
      readonly status: 'Settled';
      readonly placed: Placed;
      readonly confirmation: Confirmation;
      /** null when the booking cost nothing and settled without a payment. */
      readonly paymentId: string | null;
    };

export const initialBookingState: BookingState = { status: 'Missing' };

/**
 * Events are facts already accepted by decide, so evolve trusts them; an event that cannot
 * follow the current state means a corrupt stream, and folding on would hide it.
 */
export function evolveBooking(state: BookingState, event: BookingEvent): BookingState {
  switch (event.type) {
    case 'BookingPlaced':
      return { status: 'AwaitingConfirmation', placed: event.data };
    case 'BookingConfirmed': {
      const { tickets, totalPrice, expiresAt, confirmedAt } = event.data;
      return {
        status: 'Confirmed',
        placed: placedOf(state, event),
        confirmation: { tickets, totalPrice, expiresAt, confirmedAt },
      };
    }
    case 'BookingDenied':
      return { status: 'Denied', placed: placedOf(state, event), reason: event.data.reason };
    case 'BookingCancelled':
      return {
        status: 'Cancelled',
        placed: placedOf(state, event),
        confirmation: state.status === 'Confirmed' ? state.confirmation : null,
        reason: event.data.reason,
      };
    case 'BookingExpired':
      return { status: 'Expired', placed: placedOf(state, event), confirmation: confirmationOf(state, event) };
    case 'BookingPaid':
      // Paid and settled are appended together; the booking is settled by this payment.
      return {
        status: 'Settled',
        placed: placedOf(state, event),
        confirmation: confirmationOf(state, event),
        paymentId: event.data.paymentId,
      };
    case 'BookingSettled':
      return state.status === 'Settled'
        ? state
        : {
            status: 'Settled',
            placed: placedOf(state, event),
            confirmation: confirmationOf(state, event),
            paymentId: null,
          };
    default:
      return assertNever(event);
  }
}

function placedOf(state: BookingState, event: BookingEvent): Placed {
  if (state.status === 'Missing') throw new ImpossibleEventError(event.type, state.status);
  return state.placed;
}

function confirmationOf(state: BookingState, event: BookingEvent): Confirmation {
  if ('confirmation' in state && state.confirmation) return state.confirmation;
  throw new ImpossibleEventError(event.type, state.status);
}
