// Booking confirmation steps, as plain functions: no stream, no server.
import { expect } from 'chai';
import { confirmOrDeny, releaseWhenRefused, reserveSeatsFor } from '../../src/processes/booking-confirmation-steps.js';
import { accepted, rejected } from '../../src/processes/process-commands.js';

const placed = { bookingId: 'b1', concertId: 'rock-night', seats: [{ row: 1, number: 7 }, { row: 1, number: 8 }] };
const tickets = placed.seats.map((seat) => ({ seat, price: 50000 }));

describe('booking confirmation steps', () => {
  describe('when a booking is placed', () => {
    it('then its seats are reserved on its concert', () => {
      expect(reserveSeatsFor(placed, 'AwaitingConfirmation')).to.deep.equal({
        type: 'ReserveSeats',
        concertId: 'rock-night',
        bookingId: 'b1',
        seats: placed.seats,
      });
    });

    for (const status of ['Confirmed', 'Denied', 'Cancelled', 'Expired', 'Settled']) {
      it(`then nothing is reserved when the booking is already ${status} (a redelivery)`, () => {
        expect(reserveSeatsFor(placed, status)).to.equal(undefined);
      });
    }
  });

  describe('when the seats are reserved', () => {
    it('then the booking is confirmed with the reservation’s tickets and expiry', () => {
      const outcome = { accepted: true as const, tickets, expiresAt: '2026-01-01T00:15:00.000Z' };
      expect(confirmOrDeny(placed, outcome)).to.deep.equal({
        type: 'ConfirmBooking',
        bookingId: 'b1',
        tickets,
        expiresAt: '2026-01-01T00:15:00.000Z',
      });
    });
  });

  describe('when the reservation is refused', () => {
    it('then the booking is denied with the rejection as its reason', () => {
      const command = confirmOrDeny(placed, rejected('SeatsAlreadyBooked', 'row 1 seat 7'));
      expect(command).to.deep.equal({ type: 'DenyBooking', bookingId: 'b1', reason: 'SeatsAlreadyBooked: row 1 seat 7' });
    });
  });

  describe('after the confirmation or denial', () => {
    const confirm = confirmOrDeny(placed, { accepted: true, tickets, expiresAt: null });
    const deny = confirmOrDeny(placed, rejected('UnknownSeats'));

    it('when the confirmation is accepted, then nothing more happens', () => {
      expect(releaseWhenRefused(placed, confirm, accepted)).to.equal(undefined);
    });

    for (const rejection of ['BookingIsAlreadyCancelled', 'BookingIsDenied', 'BookingIsNotConfirmed']) {
      it(`when the confirmation is refused with ${rejection}, then the reserved seats are released`, () => {
        expect(releaseWhenRefused(placed, confirm, rejected(rejection))).to.deep.equal({
          type: 'ReleaseSeats',
          concertId: 'rock-night',
          bookingId: 'b1',
        });
      });
    }

    it('when a denial is refused, then nothing is released (a refused reservation holds no seats)', () => {
      expect(releaseWhenRefused(placed, deny, rejected('BookingIsAlreadyCancelled'))).to.equal(undefined);
    });
  });
});
