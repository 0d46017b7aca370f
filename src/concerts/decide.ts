// The ticketing rule table of domain.md: schedule a concert, reserve and release seats.
import { assertNever } from '../core/assert-never.js';
import { duplicateSeats, seatKey, type Seat, type Ticket } from '../core/seat.js';
import type { ConcertCommand } from './commands.js';
import type { ConcertEvent } from './events.js';
import { ConcertRejection } from './rejection.js';
import { priceOf } from './seat-map.js';
import type { ConcertState } from './state.js';

type Data<T extends ConcertCommand['type']> = Extract<ConcertCommand, { type: T }>['data'];
type Scheduled = Extract<ConcertState, { status: 'Scheduled' }>;

export function decideConcert(command: ConcertCommand, state: ConcertState): ConcertEvent[] {
  if (command.type === 'ScheduleConcert') return schedule(command.data, state);
  if (state.status === 'Missing') throw new ConcertRejection('ConcertNotFound', 'The concert does not exist');
  switch (command.type) {
    case 'ReserveSeats':
      return reserve(command.data, state);
    case 'ReleaseSeats':
      return release(command.data, state);
    default:
      return assertNever(command);
  }
}

function schedule(command: Data<'ScheduleConcert'>, state: ConcertState): ConcertEvent[] {
  if (state.status === 'Missing') return [{ type: 'ConcertScheduled', data: command }];
  // Seeding runs at every start: scheduling the same concert again is harmless.
  if (sameDefinition(state.concert, command)) return [];
  throw new ConcertRejection(
    'ConcertAlreadyScheduled',
    `Concert ${command.concertId} is already scheduled differently`,
  );
}

function sameDefinition(a: Data<'ScheduleConcert'>, b: Data<'ScheduleConcert'>): boolean {
  const samePricing =
    a.pricing.length === b.pricing.length &&
    a.pricing.every(
      (band, i) =>
        band.fromRow === b.pricing[i].fromRow && band.toRow === b.pricing[i].toRow && band.price === b.pricing[i].price,
    );
  return a.name === b.name && a.seatsPerRow === b.seatsPerRow && samePricing;
}

function reserve(command: Data<'ReserveSeats'>, state: Scheduled): ConcertEvent[] {
  const { bookingId, seats, now, holdSeconds } = command;
  // A redelivered reservation finds the seats already held for this booking.
  if (state.holds.has(bookingId)) return [];
  const unknown = seats.filter((seat) => priceOf(state.concert, seat) === undefined);
  if (unknown.length > 0)
    throw new ConcertRejection('UnknownSeats', 'Some seats are not on the seat map', { seats: unknown });
  const duplicates = duplicateSeats(seats);
  if (duplicates.length > 0)
    throw new ConcertRejection('DuplicateSeats', 'A seat is listed more than once', { seats: duplicates });
  const taken = seats.filter((seat) => state.heldBy.has(seatKey(seat)));
  if (taken.length > 0)
    throw new ConcertRejection('SeatsAlreadyBooked', 'Some seats are held by another booking', { seats: taken });
  const tickets: Ticket[] = seats.map((seat: Seat) => ({ seat, price: priceOf(state.concert, seat) ?? 0 }));
  return [
    {
      type: 'SeatsReserved',
      data: {
        concertId: state.concert.concertId,
        bookingId,
        seats,
        tickets,
        expiresAt: new Date(now.getTime() + holdSeconds * 1000).toISOString(),
        reservedAt: now.toISOString(),
      },
    },
  ];
}

function release(command: Data<'ReleaseSeats'>, state: Scheduled): ConcertEvent[] {
  const seats = state.holds.get(command.bookingId)?.seats;
  if (!seats) return [];
  return [
    {
      type: 'SeatsReleased',
      data: {
        concertId: state.concert.concertId,
        bookingId: command.bookingId,
        seats: [...seats],
        releasedAt: command.now.toISOString(),
      },
    },
  ];
}
