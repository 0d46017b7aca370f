// The ticketing rule table of domain.md, one given/when/then per outcome.
import { expect } from 'chai';
import { concertDecider } from '../../src/concerts/decider.js';
import type { ConcertCommand } from '../../src/concerts/commands.js';
import type { ConcertEvent } from '../../src/concerts/events.js';
import { seatCount } from '../../src/concerts/seat-map.js';
import { specification } from '../support/specification.js';

const { given } = specification(concertDecider);
const now = new Date('2026-03-01T12:00:00.000Z');
const definition = {
  concertId: 'rock-night',
  name: 'Rock Night',
  seatsPerRow: 50,
  pricing: [
    { fromRow: 1, toRow: 10, price: 50000 },
    { fromRow: 11, toRow: 30, price: 30000 },
  ],
};
const scheduled: ConcertEvent = { type: 'ConcertScheduled', data: definition };
const seatA = { row: 10, number: 50 };
const seatB = { row: 11, number: 1 };
const reservedFor = (bookingId: string, seats = [seatA]): ConcertEvent => ({
  type: 'SeatsReserved',
  data: {
    concertId: 'rock-night',
    bookingId,
    seats,
    tickets: seats.map((seat) => ({ seat, price: seat.row <= 10 ? 50000 : 30000 })),
    expiresAt: '2026-03-01T11:15:00.000Z',
    reservedAt: '2026-03-01T11:00:00.000Z',
  },
});
const releasedFor = (bookingId: string, seats = [seatA]): ConcertEvent => ({
  type: 'SeatsReleased',
  data: { concertId: 'rock-night', bookingId, seats, releasedAt: '2026-03-01T11:30:00.000Z' },
});
const reserve = (bookingId: string, seats = [seatA, seatB]): ConcertCommand => ({
  type: 'ReserveSeats',
  data: { bookingId, seats, now, holdSeconds: 900 },
});
const release = (bookingId: string): ConcertCommand => ({ type: 'ReleaseSeats', data: { bookingId, now } });

describe('ticketing rules', () => {
  describe('schedule', () => {
    it('when a concert is scheduled, then ConcertScheduled with its seat map and prices', () => {
      given([]).when({ type: 'ScheduleConcert', data: definition }).then([scheduled]);
    });
    it('when the same concert is scheduled again (every start seeds), then nothing happens', () => {
      given([scheduled])
        .when({ type: 'ScheduleConcert', data: structuredClone(definition) })
        .thenNothingHappens();
    });
    it('when a scheduled concert is scheduled with other prices, then ConcertAlreadyScheduled', () => {
      const cheaper = { ...definition, pricing: [{ fromRow: 1, toRow: 30, price: 100 }] };
      given([scheduled]).when({ type: 'ScheduleConcert', data: cheaper }).thenRejectedWith('ConcertAlreadyScheduled');
    });
    it('when the concert has 30 rows of 50, then it has 1500 seats', () => {
      expect(seatCount(definition)).to.equal(1500);
    });
  });

  describe('reserve', () => {
    it('when free seats are reserved, then SeatsReserved prices each by its row and holds them for the hold time', () => {
      given([scheduled])
        .when(reserve('b1'))
        .then([
          {
            type: 'SeatsReserved',
            data: {
              concertId: 'rock-night',
              bookingId: 'b1',
              seats: [seatA, seatB],
              tickets: [
                { seat: seatA, price: 50000 },
                { seat: seatB, price: 30000 },
              ],
              expiresAt: '2026-03-01T12:15:00.000Z',
              reservedAt: now.toISOString(),
            },
          },
        ]);
    });
    it('when the booking already holds its seats, then the same reservation stands and nothing happens', () => {
      given([scheduled, reservedFor('b1', [seatA, seatB])])
        .when(reserve('b1'))
        .thenNothingHappens();
    });
    it('when a seat is not on the map, then UnknownSeats names it', () => {
      const offMap = [
        { row: 31, number: 1 },
        { row: 1, number: 51 },
      ];
      const rejection = given([scheduled])
        .when(reserve('b1', [seatA, ...offMap]))
        .thenRejectedWith('UnknownSeats');
      expect(rejection.details).to.deep.equal({ seats: offMap });
    });
    it('when a seat is listed twice, then DuplicateSeats', () => {
      given([scheduled])
        .when(reserve('b1', [seatA, seatA]))
        .thenRejectedWith('DuplicateSeats');
    });
    it('when a seat is held by another booking, then SeatsAlreadyBooked names it', () => {
      const rejection = given([scheduled, reservedFor('b0')])
        .when(reserve('b1'))
        .thenRejectedWith('SeatsAlreadyBooked');
      expect(rejection.details).to.deep.equal({ seats: [seatA] });
    });
    it('when seats were released by another booking, then they can be reserved again', () => {
      const state = [scheduled, reservedFor('b0'), releasedFor('b0')].reduce(
        concertDecider.evolve,
        concertDecider.initialState,
      );
      const events = concertDecider.decide(reserve('b1'), state);
      expect(events.map((event) => event.type)).to.deep.equal(['SeatsReserved']);
    });
    it('when the concert does not exist, then ConcertNotFound', () => {
      given([]).when(reserve('b1')).thenRejectedWith('ConcertNotFound');
    });
  });

  describe('release', () => {
    it('when a booking holds seats, then SeatsReleased lists them', () => {
      given([scheduled, reservedFor('b1')])
        .when(release('b1'))
        .then([
          {
            type: 'SeatsReleased',
            data: { concertId: 'rock-night', bookingId: 'b1', seats: [seatA], releasedAt: now.toISOString() },
          },
        ]);
    });
    it('when a booking holds nothing (never reserved, or released already), then nothing happens', () => {
      given([scheduled]).when(release('b1')).thenNothingHappens();
      given([scheduled, reservedFor('b1'), releasedFor('b1')])
        .when(release('b1'))
        .thenNothingHappens();
    });
  });
});

describe('ticketing state', () => {
  it('when seats are reserved, then the state keeps the reservation so a repeated reserve can answer with it', () => {
    const state = [scheduled, reservedFor('b1')].reduce(concertDecider.evolve, concertDecider.initialState);
    if (state.status !== 'Scheduled') throw new Error('expected a scheduled concert');
    expect(state.holds.get('b1')).to.deep.equal({
      seats: [seatA],
      tickets: [{ seat: seatA, price: 50000 }],
      expiresAt: '2026-03-01T11:15:00.000Z',
      reservedAt: '2026-03-01T11:00:00.000Z',
    });
  });
});
