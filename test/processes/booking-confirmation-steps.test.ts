// Booking confirmation steps, as plain functions: no stream, no server; they answer with the domain's own commands.
import { expect } from 'chai';
import { confirmOrDeny, releaseWhenRefused, reserveSeatsFor } from '../../src/processes/booking-confirmation-steps.js';
import { accepted, rejected } from '../../src/processes/process-outcomes.js';

const placed = {
  bookingId: 'b1',
  concertId: 'rock-night',
  seats: [
    { row: 1, number: 7 },
    { row: 1, number: 8 },
  ],
};
const tickets = placed.seats.map((seat) => ({ seat, price: 50000 }));
const now = new Date('2026-01-01T00:00:00.000Z');

describe('booking confirmation steps', () => {
  describe('when a booking is placed', () => {
    it('then ReserveSeats goes to its concert, for its seats, with the hold to ask for', () => {
      expect(reserveSeatsFor(placed, 'AwaitingConfirmation', now, 900)).to.deep.equal({
        to: 'concerts',
        id: 'rock-night',
        command: { type: 'ReserveSeats', data: { bookingId: 'b1', seats: placed.seats, now, holdSeconds: 900 } },
      });
    });

    for (const status of ['Confirmed', 'Denied', 'Cancelled', 'Expired', 'Settled']) {
      it(`then nothing is reserved when the booking is already ${status} (a redelivery)`, () => {
        expect(reserveSeatsFor(placed, status, now, 900)).to.equal(undefined);
      });
    }
  });

  describe('when the seats are reserved', () => {
    it('then ConfirmBooking goes to the booking with the reservation’s tickets and expiry', () => {
      const outcome = { accepted: true as const, tickets, expiresAt: '2026-01-01T00:15:00.000Z' };
      expect(confirmOrDeny(placed, outcome, now)).to.deep.equal({
        to: 'bookings',
        id: 'b1',
        command: { type: 'ConfirmBooking', data: { tickets, expiresAt: new Date('2026-01-01T00:15:00.000Z'), now } },
      });
    });
  });

  describe('when the reservation is refused', () => {
    it('then DenyBooking goes to the booking with the rejection as its reason', () => {
      expect(confirmOrDeny(placed, rejected('SeatsAlreadyBooked', 'row 1 seat 7'), now)).to.deep.equal({
        to: 'bookings',
        id: 'b1',
        command: { type: 'DenyBooking', data: { reason: 'SeatsAlreadyBooked: row 1 seat 7', now } },
      });
    });
  });

  describe('after the confirmation or denial', () => {
    const confirm = confirmOrDeny(placed, { accepted: true, tickets, expiresAt: null }, now);
    const deny = confirmOrDeny(placed, rejected('UnknownSeats'), now);

    it('when the confirmation is accepted, then nothing more happens', () => {
      expect(releaseWhenRefused(placed, confirm, accepted, now)).to.equal(undefined);
    });

    for (const rejection of ['BookingIsAlreadyCancelled', 'BookingIsDenied', 'BookingIsNotConfirmed']) {
      it(`when the confirmation is refused with ${rejection}, then ReleaseSeats goes to the concert`, () => {
        expect(releaseWhenRefused(placed, confirm, rejected(rejection), now)).to.deep.equal({
          to: 'concerts',
          id: 'rock-night',
          command: { type: 'ReleaseSeats', data: { bookingId: 'b1', now } },
        });
      });
    }

    it('when a denial is refused, then nothing is released (a refused reservation holds no seats)', () => {
      expect(releaseWhenRefused(placed, deny, rejected('BookingIsAlreadyCancelled'), now)).to.equal(undefined);
    });
  });
});
