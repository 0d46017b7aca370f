// A concert's state: its seat map and which booking holds which seats, folded from its events.
import { assertNever } from '../core/assert-never.js';
import { ImpossibleEventError } from '../core/impossible-event.js';
import { seatKey, type Seat, type Ticket } from '../core/seat.js';
import type { ConcertEvent, ConcertScheduled } from './events.js';
import { PersistentMap } from '../core/persistent-map.js';

/** What a booking holds: its seats priced, and until when the hold lasts unless confirmed and paid. */
export interface Reservation {
  readonly seats: readonly Seat[];
  readonly tickets: readonly Ticket[];
  readonly expiresAt: string;
  readonly reservedAt: string;
}

export type ConcertState =
  | { readonly status: 'Missing' }
  | {
      readonly status: 'Scheduled';
      readonly concert: ConcertScheduled;
      /** seat key → the booking holding it, for the "already booked" check. */
      readonly heldBy: PersistentMap<string, string>;
      /** booking → its reservation, for idempotent reserve (the same answer again) and for release. */
      readonly holds: PersistentMap<string, Reservation>;
    };

export const initialConcertState: ConcertState = { status: 'Missing' };

export function evolveConcert(state: ConcertState, event: ConcertEvent): ConcertState {
  switch (event.type) {
    case 'ConcertScheduled':
      return { status: 'Scheduled', concert: event.data, heldBy: PersistentMap.empty(), holds: PersistentMap.empty() };
    case 'SeatsReserved': {
      const scheduled = scheduledOf(state, event);
      // New versions, not mutation: a cached state may be shared by concurrent commands. Persistent maps
      // share what did not change, so a reservation costs about its own seats, not the concert's holds.
      let heldBy = scheduled.heldBy;
      for (const seat of event.data.seats) heldBy = heldBy.set(seatKey(seat), event.data.bookingId);
      const { seats, tickets, expiresAt, reservedAt } = event.data;
      const holds = scheduled.holds.set(event.data.bookingId, { seats, tickets, expiresAt, reservedAt });
      return { ...scheduled, heldBy, holds };
    }
    case 'SeatsReleased': {
      const scheduled = scheduledOf(state, event);
      let heldBy = scheduled.heldBy;
      for (const seat of scheduled.holds.get(event.data.bookingId)?.seats ?? []) heldBy = heldBy.delete(seatKey(seat));
      const holds = scheduled.holds.delete(event.data.bookingId);
      return { ...scheduled, heldBy, holds };
    }
    default:
      return assertNever(event);
  }
}

function scheduledOf(state: ConcertState, event: ConcertEvent): Extract<ConcertState, { status: 'Scheduled' }> {
  if (state.status === 'Missing') throw new ImpossibleEventError(event.type, state.status);
  return state;
}
