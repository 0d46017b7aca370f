// projections/concert-sales.js: per concert, seats held, reserved and released, and the revenue of settled bookings.
import { expect } from 'chai';
import { ProjectionHarness } from '../support/projection-harness.js';
import * as given from './given-events.js';

describe('projection concert-sales', () => {
  it('when seats are reserved and released, then the concert partition counts them', () => {
    const sales = ProjectionHarness.load('concert-sales').given(
      given.concertScheduled('rock-night', 'Rock Night'),
      given.seatsReserved('rock-night', 'b1', 3, 30000),
      given.seatsReserved('rock-night', 'b2', 2, 30000),
      given.seatsReleased('rock-night', 'b2', 2),
    );
    expect(sales.state('concert-rock-night')).to.deep.equal({
      concertId: 'rock-night',
      name: 'Rock Night',
      seatsHeld: 3,
      seatsReserved: 5,
      seatsReleased: 2,
      settledBookings: 0,
      settledRevenue: 0,
    });
  });

  it('when a booking settles, then its total is emitted to concertsales-<concertId> and lands in the concert partition', () => {
    const sales = ProjectionHarness.load('concert-sales').given(
      given.concertScheduled('rock-night', 'Rock Night'),
      given.bookingPlaced('b1', 'c1', 'rock-night'),
      given.seatsReserved('rock-night', 'b1', 2, 30000),
      given.bookingConfirmed('b1', 2, 30000),
      given.bookingPaid('b1', 'p1', 60000),
      given.bookingSettled('b1'),
    );
    expect(sales.emittedTo('concertsales-rock-night')).to.deep.equal([
      { eventType: 'ConcertTicketsSettled', data: { concertId: 'rock-night', bookingId: 'b1', revenue: 60000 } },
    ]);
    expect(sales.state('concert-rock-night')).to.deep.include({
      seatsHeld: 2,
      settledBookings: 1,
      settledRevenue: 60000,
    });
  });

  it('when two concerts sell, then each has its own partition', () => {
    const sales = ProjectionHarness.load('concert-sales').given(
      given.concertScheduled('rock-night', 'Rock Night'),
      given.concertScheduled('jazz-evening', 'Jazz Evening'),
      given.bookingPlaced('b1', 'c1', 'rock-night'),
      given.bookingConfirmed('b1', 1, 50000),
      given.bookingSettled('b1'),
      given.bookingPlaced('b2', 'c1', 'jazz-evening'),
      given.bookingConfirmed('b2', 2, 30000),
      given.bookingSettled('b2'),
    );
    expect(sales.state('concert-rock-night')).to.deep.include({ name: 'Rock Night', settledRevenue: 50000 });
    expect(sales.state('concert-jazz-evening')).to.deep.include({ name: 'Jazz Evening', settledRevenue: 60000 });
  });

  it('when a booking is cancelled or expires, then nothing is emitted and no revenue is counted', () => {
    const sales = ProjectionHarness.load('concert-sales').given(
      given.bookingPlaced('b1', 'c1', 'rock-night'),
      given.bookingConfirmed('b1', 2, 30000),
      given.bookingExpired('b1'),
      given.seatsReleased('rock-night', 'b1', 2),
    );
    expect(sales.outputs).to.deep.equal([]);
    expect(sales.state('concert-rock-night')).to.deep.include({ seatsReleased: 2, settledRevenue: 0 });
  });

  it('when it runs without emitting enabled, then the first settlement faults it', () => {
    const sales = ProjectionHarness.load('concert-sales', { emitEnabled: false });
    expect(() => sales.given(given.bookingPlaced('b1', 'c1', 'rock-night'), given.bookingSettled('b1'))).to.throw(
      /'emit' is not allowed/,
    );
  });
});
