// A booking read straight from its EventStoreDB stream, for when the MongoDB view has not caught up yet.
import { bookingDecider } from '../bookings/decider.js';
import { bookingStream } from '../bookings/stream.js';
import type { BookingState } from '../bookings/state.js';
import type { Clock } from '../core/clock.js';
import type { BookingReads, BookingView } from '../bookings/booking-view.js';
import type { CommandHandler } from './command-handler.js';

/** The view document from a booking's folded state: what the view would hold once caught up. */
export function bookingViewOf(state: BookingState, revision: bigint, updatedAt: string): BookingView | null {
  if (state.status === 'Missing') return null;
  const confirmation = 'confirmation' in state ? state.confirmation : null;
  return {
    ...state.placed,
    tickets: confirmation?.tickets ?? null,
    totalPrice: confirmation?.totalPrice ?? null,
    status: state.status,
    confirmedAt: confirmation?.confirmedAt ?? null,
    expiresAt: confirmation?.expiresAt ?? null,
    paymentId: state.status === 'Settled' ? state.paymentId : null,
    reason: state.status === 'Denied' || state.status === 'Cancelled' ? state.reason : null,
    version: Number(revision),
    updatedAt,
  };
}

/**
 * One booking folded from its stream: what the view will show once it has caught up. The API falls
 * back to it when the view has nothing yet, so the `Location` of a fresh 201 answers at once.
 */
export function streamBookingReads(handler: CommandHandler, clock: Clock): Pick<BookingReads, 'get'> {
  return {
    async get(clientId, bookingId) {
      const { state, revision } = await handler.load(bookingStream(bookingId), bookingDecider);
      if (state.status === 'Missing' || revision === null || state.placed.clientId !== clientId) return null;
      return bookingViewOf(state, revision, clock.now().toISOString());
    },
  };
}
