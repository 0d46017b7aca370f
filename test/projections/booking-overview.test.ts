// projections/booking-overview.js: bookings per status, settled revenue and refunds.
import { expect } from 'chai';
import { ProjectionHarness } from '../support/projection-harness.js';
import * as given from './given-events.js';

const noBookings = { AwaitingConfirmation: 0, Confirmed: 0, Denied: 0, Cancelled: 0, Expired: 0, Settled: 0 };

describe('projection booking-overview', () => {
  it('when a booking is placed, then it counts as awaiting confirmation', () => {
    const overview = ProjectionHarness.load('booking-overview').given(given.bookingPlaced('b1', 'c1', 'rock-night'));
    expect(overview.result()).to.deep.equal({
      bookings: { ...noBookings, AwaitingConfirmation: 1 },
      placed: 1,
      settledRevenue: 0,
      refunds: { count: 0, amount: 0 },
    });
  });

  it('when bookings move on, then each is counted once, in the status it is in now', () => {
    const overview = ProjectionHarness.load('booking-overview').given(
      given.bookingPlaced('confirmed', 'c1', 'rock-night'),
      given.bookingConfirmed('confirmed', 2, 30000),
      given.bookingPlaced('denied', 'c1', 'rock-night'),
      given.bookingDenied('denied'),
      given.bookingPlaced('cancelled-early', 'c2', 'rock-night'),
      given.bookingCancelled('cancelled-early'),
      given.bookingPlaced('cancelled-late', 'c2', 'rock-night'),
      given.bookingConfirmed('cancelled-late', 1, 30000),
      given.bookingCancelled('cancelled-late'),
      given.bookingPlaced('expired', 'c3', 'jazz-evening'),
      given.bookingConfirmed('expired', 1, 50000),
      given.bookingExpired('expired'),
    );
    expect(overview.result()).to.deep.include({
      bookings: { AwaitingConfirmation: 0, Confirmed: 1, Denied: 1, Cancelled: 2, Expired: 1, Settled: 0 },
      placed: 5,
    });
  });

  it('when bookings settle, then their totals add up to the settled revenue, including a free one', () => {
    const overview = ProjectionHarness.load('booking-overview').given(
      given.bookingPlaced('b1', 'c1', 'rock-night'),
      given.bookingConfirmed('b1', 2, 30000),
      given.bookingPaid('b1', 'p1', 60000),
      given.bookingSettled('b1'),
      given.bookingPlaced('b2', 'c2', 'jazz-evening'),
      given.bookingConfirmed('b2', 3, 0),
      given.bookingSettled('b2'),
    );
    expect(overview.result()).to.deep.include({ bookings: { ...noBookings, Settled: 2 }, settledRevenue: 60000 });
  });

  it('when payments are refunded, then the refunds are counted from the payment category', () => {
    const overview = ProjectionHarness.load('booking-overview').given(
      given.paymentSucceeded('p1', 'b1', 60000),
      given.paymentRefunded('p1', 'b1', 60000),
      given.paymentSucceeded('p2', 'b2', 15000),
      given.paymentRefunded('p2', 'b2', 15000),
    );
    expect(overview.result()).to.deep.include({ refunds: { count: 2, amount: 75000 }, settledRevenue: 0 });
  });

  it('when bookings are in flight, then the state remembers only those, and the result leaves them out', () => {
    const overview = ProjectionHarness.load('booking-overview').given(
      given.bookingPlaced('open', 'c1', 'rock-night'),
      given.bookingConfirmed('open', 2, 30000),
      given.bookingPlaced('done', 'c1', 'rock-night'),
      given.bookingDenied('done'),
    );
    expect((overview.state() as { inFlight: unknown }).inFlight).to.deep.equal({
      open: { status: 'Confirmed', totalPrice: 60000 },
    });
    expect(overview.result()).to.not.have.property('inFlight');
  });

  it('when events of other categories arrive, then nothing changes and nothing is emitted', () => {
    const overview = ProjectionHarness.load('booking-overview').given(
      given.seatsReserved('rock-night', 'b1', 2, 30000),
    );
    expect(overview.state()).to.equal(null);
    expect(overview.outputs).to.deep.equal([]);
  });
});
