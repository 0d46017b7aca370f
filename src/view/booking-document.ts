// The booking view's document: the booking's own folded state through ONE mapping, whether MongoDB or the stream serves it.
import type { BookingView } from '../bookings/booking-view.js';
import { bookingDecider } from '../bookings/decider.js';
import type { BookingEvent } from '../bookings/events.js';
import type { BookingState, BookingStatus } from '../bookings/state.js';

export type BookingViewStatus = BookingStatus;

/** The view document of domain.md, plus the booking process's correlation id so that the expirer's commands join its `$bc-` stream. */
export type BookingDocument = BookingView & { readonly correlationId: string };

/** A booking event read back, parsed with the aggregate's schema, with where it stands in its stream. */
export interface RecordedBookingEvent {
  readonly event: BookingEvent;
  readonly revision: number;
  readonly correlationId: string;
}

/** A booking as folded from its stream: the aggregate's state, the revision of its last event, its correlation id. */
export interface FoldedBooking {
  readonly state: BookingState;
  readonly revision: number;
  readonly correlationId: string;
}

/**
 * Folds one event with the aggregate's own `evolve`, so the view can never read an event differently from the
 * rules. An event at or below the revision folded already (a redelivery, a replay after a restart) changes
 * nothing: that is what makes the view idempotent. An event that cannot follow is an ImpossibleEventError.
 */
export function foldBookingEvent(
  folded: FoldedBooking | null,
  { event, revision, correlationId }: RecordedBookingEvent,
): FoldedBooking {
  if (folded !== null && revision <= folded.revision) return folded;
  const state = bookingDecider.evolve(folded?.state ?? bookingDecider.initialState, event);
  return { state, revision, correlationId: folded?.correlationId ?? correlationId };
}

/** The document the API serves for a folded booking; null while its stream has no BookingPlaced. */
export function bookingDocumentOf(
  { state, revision, correlationId }: FoldedBooking,
  updatedAt: string,
): BookingDocument | null {
  if (state.status === 'Missing') return null;
  const { bookingId, clientId, concertId, seats, placedAt } = state.placed;
  const confirmation = 'confirmation' in state ? state.confirmation : null;
  return {
    bookingId,
    clientId,
    concertId,
    seats,
    tickets: confirmation?.tickets ?? null,
    totalPrice: confirmation?.totalPrice ?? null,
    status: state.status,
    placedAt,
    confirmedAt: confirmation?.confirmedAt ?? null,
    expiresAt: confirmation?.expiresAt ?? null,
    paymentId: state.status === 'Settled' ? state.paymentId : null,
    reason: state.status === 'Denied' || state.status === 'Cancelled' ? state.reason : null,
    version: revision,
    correlationId,
    updatedAt,
  };
}
