// The booking view's document and its fold: how each booking event changes what GET /clients/:id/bookings shows.
import type { BookingView } from '../bookings/booking-view.js';
import type { BookingStatus } from '../bookings/state.js';
import type { Seat, Ticket } from '../core/seat.js';

export type BookingViewStatus = BookingStatus;

/** The view document of domain.md, plus the booking process's correlation id so that the expirer's commands join its `$bc-` stream. */
export type BookingDocument = BookingView & { readonly correlationId: string };

/** A booking event as the view reads it: the type, its JSON data, the stream revision and the correlation id. */
export interface BookingViewEvent {
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly revision: number;
  readonly correlationId: string;
}

export class UnexpectedBookingEvent extends Error {
  readonly code = 'UnexpectedBookingEvent';
  constructor(readonly eventType: string, readonly revision: number, why: string) {
    super(`booking event ${eventType} at revision ${revision}: ${why}`);
  }
}

const str = (data: Record<string, unknown>, key: string): string => String(data[key]);

/**
 * Applies one event. Events at or below the document's version were applied already (a redelivery or a
 * replay after a restart) and change nothing, which makes the projection idempotent. Unknown event types
 * only move the version: a newer service may add events this view does not show.
 */
export function evolveBookingDocument(
  doc: BookingDocument | null,
  event: BookingViewEvent,
  now: string,
): BookingDocument | null {
  if (doc !== null && event.revision <= doc.version) return doc;
  const d = event.data;
  if (event.type === 'BookingPlaced') {
    if (doc !== null) throw new UnexpectedBookingEvent(event.type, event.revision, 'the booking exists already');
    return {
      bookingId: str(d, 'bookingId'),
      clientId: str(d, 'clientId'),
      concertId: str(d, 'concertId'),
      seats: d.seats as Seat[],
      tickets: null,
      totalPrice: null,
      status: 'AwaitingConfirmation',
      placedAt: str(d, 'placedAt'),
      confirmedAt: null,
      expiresAt: null,
      paymentId: null,
      reason: null,
      version: event.revision,
      correlationId: event.correlationId,
      updatedAt: now,
    };
  }
  // Only a catch-up that started in the middle of a stream could see this; it is a bug, not data to skip.
  if (doc === null) throw new UnexpectedBookingEvent(event.type, event.revision, 'no BookingPlaced before it');
  const next = { ...doc, version: event.revision, updatedAt: now };
  switch (event.type) {
    case 'BookingConfirmed':
      return {
        ...next,
        status: 'Confirmed',
        tickets: d.tickets as Ticket[],
        totalPrice: Number(d.totalPrice),
        expiresAt: (d.expiresAt as string | null) ?? null,
        confirmedAt: str(d, 'confirmedAt'),
      };
    case 'BookingDenied':
      return { ...next, status: 'Denied', reason: str(d, 'reason') };
    case 'BookingCancelled':
      return { ...next, status: 'Cancelled', reason: str(d, 'reason') };
    case 'BookingExpired':
      return { ...next, status: 'Expired' };
    case 'BookingPaid':
      return { ...next, paymentId: str(d, 'paymentId') };
    case 'BookingSettled':
      return { ...next, status: 'Settled' };
    default:
      return next;
  }
}
