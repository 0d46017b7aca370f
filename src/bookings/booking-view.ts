// The booking view document and the reads the API makes of it; the MongoDB view implements them (wired in src/service.ts).
import type { Seat, Ticket } from '../core/seat.js';
import type { BookingStatus } from './state.js';

/** The booking view document of domain.md. */
export interface BookingView {
  readonly bookingId: string;
  readonly clientId: string;
  readonly concertId: string;
  readonly seats: readonly Seat[];
  readonly tickets: readonly Ticket[] | null;
  readonly totalPrice: number | null;
  readonly status: BookingStatus;
  readonly placedAt: string;
  readonly confirmedAt: string | null;
  readonly expiresAt: string | null;
  readonly paymentId: string | null;
  readonly reason: string | null;
  readonly version: number;
  readonly updatedAt: string;
}

export interface BookingListQuery {
  readonly status?: BookingStatus;
  readonly limit: number;
  readonly after?: string;
}

export interface BookingReads {
  list(clientId: string, query: BookingListQuery): Promise<{ items: readonly BookingView[]; next: string | null }>;
  /** null for a missing booking and for another client's: the API answers 404 to both. */
  get(clientId: string, bookingId: string): Promise<BookingView | null>;
}

/**
 * The view lags the stream by a moment: a booking just placed may not be in it yet. Reading the
 * stream when the view has nothing keeps the `Location` of a fresh 201 answering.
 */
export function withStreamFallback(view: BookingReads, stream: Pick<BookingReads, 'get'>): BookingReads {
  return {
    list: (clientId, query) => view.list(clientId, query),
    get: async (clientId, bookingId) => (await view.get(clientId, bookingId)) ?? stream.get(clientId, bookingId),
  };
}
