// Ticket release step, as a plain function: no stream, no server.
import { expect } from 'chai';
import { releaseSeatsAfter } from '../../src/processes/ticket-release-steps.js';

const booking = { bookingId: 'b1', concertId: 'jazz-evening' };
const now = new Date('2026-01-01T00:00:00.000Z');

describe('ticket release step', () => {
  for (const type of ['BookingExpired', 'BookingCancelled']) {
    it(`when a booking is ${type.replace('Booking', '').toLowerCase()}, then its seats are released on its concert`, () => {
      expect(releaseSeatsAfter(type, booking, now)).to.deep.equal({
        to: 'concerts',
        id: 'jazz-evening',
        command: { type: 'ReleaseSeats', data: { bookingId: 'b1', now } },
      });
    });
  }

  for (const type of ['BookingPlaced', 'BookingConfirmed', 'BookingDenied', 'BookingPaid', 'BookingSettled']) {
    it(`when a booking event is ${type}, then nothing is released`, () => {
      expect(releaseSeatsAfter(type, booking, now)).to.equal(undefined);
    });
  }
});
