// Booking reads straight from EventStoreDB, for when the MongoDB view is not wired (or not caught up).
import { StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
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
 * `get` folds the booking's stream. `list` walks `$et-BookingPlaced` (a system projection) and folds
 * each of the client's bookings: correct but linear in all bookings, which is why the view exists.
 * Order and cursor follow the view: newest first, the cursor is the last booking id of the page.
 */
export function streamBookingReads(client: EventStoreDBClient, handler: CommandHandler, clock: Clock): BookingReads {
  async function get(clientId: string, bookingId: string): Promise<BookingView | null> {
    const { state, revision } = await handler.load(bookingStream(bookingId), bookingDecider);
    if (state.status === 'Missing' || revision === null || state.placed.clientId !== clientId) return null;
    return bookingViewOf(state, revision, clock.now().toISOString());
  }

  return {
    get,
    async list(clientId, query) {
      const ids: string[] = [];
      try {
        for await (const resolved of client.readStream('$et-BookingPlaced', { resolveLinkTos: true, direction: 'backwards', fromRevision: 'end' })) {
          const data = resolved.event?.data as { clientId?: unknown; bookingId?: unknown } | undefined;
          if (data?.clientId === clientId && typeof data.bookingId === 'string') ids.push(data.bookingId);
        }
      } catch (error) {
        if (!(error instanceof StreamNotFoundError)) throw error;
      }
      const start = query.after === undefined ? 0 : ids.indexOf(query.after) + 1;
      const items: BookingView[] = [];
      let index = start;
      for (; index < ids.length && items.length < query.limit; index++) {
        const view = await get(clientId, ids[index]);
        if (view && (query.status === undefined || view.status === query.status)) items.push(view);
      }
      return { items, next: index < ids.length ? (items.at(-1)?.bookingId ?? null) : null };
    },
  };
}
