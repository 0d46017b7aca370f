// What the routes are given by the composition root: no route reaches for a client or a clock on its own.
import type { BookingReads } from '../bookings/booking-view.js';
import type { Clock } from '../core/clock.js';
import type { AggregateHandlers } from '../eventstore/aggregate-handlers.js';

/** The aggregates' handlers (`bookings`, `concerts`, `payments`), each naming its own streams. */
export interface ApiDependencies extends AggregateHandlers {
  readonly clock: Clock;
  /** The concerts on sale; each one's state comes from its stream. */
  readonly concertIds: readonly string[];
  readonly bookingReads: BookingReads;
  /** Extra facts about one concert (the projections' sales figures), included as `sales` when given. */
  readonly concertSales?: (concertId: string) => Promise<unknown>;
}
