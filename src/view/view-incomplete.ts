// While the view is being rebuilt it is known to be incomplete: lists read from it would silently miss bookings.
import type { BookingListQuery, BookingPage, BookingQueries } from './booking-queries.js';

/** The view is replaying from the first event; the client may ask again shortly (503 with Retry-After). */
export class ViewIncompleteError extends Error {
  readonly code = 'ViewRebuilding';
  override readonly name = 'ViewIncompleteError';

  constructor() {
    super('The booking view is being rebuilt from the event store');
  }
}

/**
 * The view's reads, refusing a client's list while the view is incomplete: a partial list would look like bookings
 * lost. One booking by id is "not in the view" meanwhile, so the API reads it from its stream (a rebuilt document
 * may still be at an older version).
 */
export function listsOnlyWhenComplete(queries: BookingQueries, isComplete: () => boolean) {
  return {
    list(clientId: string, query: BookingListQuery): Promise<BookingPage> {
      if (!isComplete()) return Promise.reject(new ViewIncompleteError());
      return queries.list(clientId, query);
    },
    get: async (clientId: string, bookingId: string) => (isComplete() ? queries.get(clientId, bookingId) : null),
    dueForExpiry: (now: Date, limit: number) => queries.dueForExpiry(now, limit),
  };
}
