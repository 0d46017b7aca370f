// While the view is rebuilt it is incomplete, and a MongoDB that came back empty leaves it vanished: a list read from
// either would silently miss bookings, so it is refused instead.
import type { ProjectorStatus } from './booking-projector.js';
import type { BookingListQuery, BookingPage, BookingQueries } from './booking-queries.js';

/** The view cannot be trusted right now; the client may ask again shortly (503 with Retry-After). */
export class ViewIncompleteError extends Error {
  readonly code = 'ViewIncomplete';
  override readonly name = 'ViewIncompleteError';

  constructor() {
    super('The booking view is being rebuilt from the event store');
  }
}

export interface TrustedView {
  status(): ProjectorStatus;
  checkpointStillStored(): Promise<boolean>;
}

/**
 * The view's reads, refusing a client's list while the view is rebuilt, and a list after which the view's checkpoint
 * is gone (the list may have come from an emptied database; the check starts the rebuild). One booking by id is
 * "not in the view" while it is rebuilt, so the API reads it from its stream (a rebuilt document may be older).
 */
export function listsOnlyWhenComplete(queries: BookingQueries, view: TrustedView) {
  const complete = () => !view.status().rebuilding;
  return {
    async list(clientId: string, query: BookingListQuery): Promise<BookingPage> {
      if (!complete()) throw new ViewIncompleteError();
      const page = await queries.list(clientId, query);
      // After the list, not alongside it: a server that came back empty before the list answers this check too.
      if (!(await view.checkpointStillStored()) || !complete()) throw new ViewIncompleteError();
      return page;
    },
    get: async (clientId: string, bookingId: string) => (complete() ? queries.get(clientId, bookingId) : null),
    dueForExpiry: (now: Date, limit: number) => queries.dueForExpiry(now, limit),
  };
}
