// projections/client-activity.js: every booking event linked to clientbookings-<clientId>.
import { expect } from 'chai';
import { ProjectionHarness } from '../support/projection-harness.js';
import * as given from './given-events.js';

describe('projection client-activity', () => {
  it("when a client's bookings move on, then every booking event is linked to that client's stream, in order", () => {
    const activity = ProjectionHarness.load('client-activity').given(
      given.bookingPlaced('b1', 'alice', 'rock-night'),
      given.bookingPlaced('b2', 'alice', 'jazz-evening'),
      given.bookingConfirmed('b1', 2, 30000),
      given.bookingDenied('b2'),
      given.bookingPaid('b1', 'p1', 60000),
      given.bookingSettled('b1'),
    );
    expect(activity.linkedTo('clientbookings-alice')).to.deep.equal([
      '0@booking-b1',
      '0@booking-b2',
      '1@booking-b1',
      '1@booking-b2',
      '2@booking-b1',
      '3@booking-b1',
    ]);
  });

  it('when two clients book, then each stream holds only its own bookings', () => {
    const activity = ProjectionHarness.load('client-activity').given(
      given.bookingPlaced('b1', 'alice', 'rock-night'),
      given.bookingPlaced('b2', 'bob', 'rock-night'),
      given.bookingCancelled('b2'),
    );
    expect(activity.linkedTo('clientbookings-alice')).to.deep.equal(['0@booking-b1']);
    expect(activity.linkedTo('clientbookings-bob')).to.deep.equal(['0@booking-b2', '1@booking-b2']);
  });

  it('when a booking stream is followed, then its partition remembers the client and how many events it linked', () => {
    const activity = ProjectionHarness.load('client-activity').given(
      given.bookingPlaced('b1', 'alice', 'rock-night'),
      given.bookingConfirmed('b1', 2, 30000),
    );
    expect(activity.state('booking-b1')).to.deep.equal({ clientId: 'alice', linked: 2 });
  });

  it('when payment or concert events arrive, then nothing is linked', () => {
    const activity = ProjectionHarness.load('client-activity').given(
      given.paymentSucceeded('p1', 'b1', 60000),
      given.seatsReserved('rock-night', 'b1', 2, 30000),
    );
    expect(activity.outputs).to.deep.equal([]);
  });
});
