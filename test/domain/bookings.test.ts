// The booking rule table of domain.md, one given/when/then per outcome.
import { expect } from 'chai';
import { bookingDecider } from '../../src/bookings/decider.js';
import { ImpossibleEventError } from '../../src/core/impossible-event.js';
import type { BookingEvent } from '../../src/bookings/events.js';
import { specification } from '../support/specification.js';
import {
  cancel,
  cancelled,
  confirm,
  confirmed,
  confirmedUntil,
  deny,
  denied,
  expireAt,
  expired,
  now,
  paid,
  place,
  placed,
  receivePayment,
  seats,
  settled,
  tickets,
} from './booking-fixtures.js';

const { given } = specification(bookingDecider);
const iso = now.toISOString();

describe('booking rules', () => {
  describe('place', () => {
    it('when a new booking is placed, then BookingPlaced records it at the given time', () => {
      given([])
        .when(place())
        .then([
          {
            type: 'BookingPlaced',
            data: { bookingId: 'b1', clientId: 'alice', concertId: 'rock-night', seats, placedAt: iso },
          },
        ]);
    });
    it('when the same booking is placed again, seats in another order, then nothing happens', () => {
      given([placed])
        .when(place({ seats: [...seats].reverse() }))
        .thenNothingHappens();
    });
    it('when a booking id is reused with other data, then BookingAlreadyExists', () => {
      given([placed])
        .when(place({ clientId: 'bob' }))
        .thenRejectedWith('BookingAlreadyExists');
      given([placed, confirmed])
        .when(place({ seats: [{ row: 2, number: 2 }] }))
        .thenRejectedWith('BookingAlreadyExists');
      given([placed])
        .when(place({ concertId: 'jazz-night' }))
        .thenRejectedWith('BookingAlreadyExists');
    });
    it('when a seat is listed twice, then DuplicateSeats names it and is a request error', () => {
      const rejection = given([])
        .when(
          place({
            seats: [
              { row: 3, number: 4 },
              { row: 3, number: 4 },
            ],
          }),
        )
        .thenRejectedWith('DuplicateSeats');
      expect(rejection.kind).to.equal('invalid');
      expect(rejection.details).to.deep.equal({ seats: [{ row: 3, number: 4 }] });
    });
    it('when more than 10 seats are asked for, then TooManySeats', () => {
      const eleven = Array.from({ length: 11 }, (_, i) => ({ row: 5, number: i + 1 }));
      const rejection = given([])
        .when(place({ seats: eleven }))
        .thenRejectedWith('TooManySeats');
      expect(rejection.kind).to.equal('invalid');
      expect(rejection.details).to.deep.equal({ requested: 11, limit: 10 });
      expect(rejection.message).to.include('at most 10 seats');
    });
    it('when exactly 10 seats are asked for, then the booking is placed', () => {
      const ten = Array.from({ length: 10 }, (_, i) => ({ row: 5, number: i + 1 }));
      expect(bookingDecider.decide(place({ seats: ten }), bookingDecider.initialState)).to.have.length(1);
    });
  });

  describe('confirm', () => {
    it('when an awaiting booking is confirmed, then BookingConfirmed carries tickets, total and expiry', () => {
      given([placed])
        .when(confirm())
        .then([
          {
            type: 'BookingConfirmed',
            data: {
              bookingId: 'b1',
              tickets,
              totalPrice: 100000,
              expiresAt: '2026-03-01T12:15:00.000Z',
              confirmedAt: iso,
            },
          },
        ]);
    });
    it('when the tickets cost nothing, then the booking is confirmed without expiry and settled at once', () => {
      const free = {
        type: 'ConfirmBooking' as const,
        data: { tickets: tickets.map((t) => ({ ...t, price: 0 })), expiresAt: new Date(), now },
      };
      given([placed])
        .when(free)
        .then([
          {
            type: 'BookingConfirmed',
            data: { bookingId: 'b1', tickets: free.data.tickets, totalPrice: 0, expiresAt: null, confirmedAt: iso },
          },
          { type: 'BookingSettled', data: { bookingId: 'b1', settledAt: iso } },
        ]);
    });
    it('when confirmed without a hold (no expiry) for a price, then BookingConfirmed has no expiry and the booking is not settled', () => {
      given([placed])
        .when(confirm(null))
        .then([
          {
            type: 'BookingConfirmed',
            data: { bookingId: 'b1', tickets, totalPrice: 100000, expiresAt: null, confirmedAt: iso },
          },
        ]);
    });
    it('when a confirmed, settled or expired booking is confirmed again, then nothing happens', () => {
      given([placed, confirmed]).when(confirm()).thenNothingHappens();
      given([placed, confirmed, paid, settled]).when(confirm()).thenNothingHappens();
      given([placed, confirmed, expired]).when(confirm()).thenNothingHappens();
    });
    it('when a denied booking is confirmed, then BookingIsDenied', () => {
      given([placed, denied]).when(confirm()).thenRejectedWith('BookingIsDenied');
    });
    it('when a cancelled booking is confirmed, then BookingIsAlreadyCancelled', () => {
      given([placed, cancelled]).when(confirm()).thenRejectedWith('BookingIsAlreadyCancelled');
    });
  });

  describe('deny', () => {
    it('when an awaiting booking is denied, then BookingDenied records the reason', () => {
      given([placed])
        .when(deny)
        .then([{ type: 'BookingDenied', data: { bookingId: 'b1', reason: 'SeatsAlreadyBooked', deniedAt: iso } }]);
    });
    it('when a denied booking is denied again, then nothing happens', () => {
      given([placed, denied]).when(deny).thenNothingHappens();
    });
    it('when a confirmed, settled or expired booking is denied, then BookingIsAlreadyConfirmed', () => {
      given([placed, confirmed]).when(deny).thenRejectedWith('BookingIsAlreadyConfirmed');
      given([placed, confirmed, paid, settled]).when(deny).thenRejectedWith('BookingIsAlreadyConfirmed');
      given([placed, confirmed, expired]).when(deny).thenRejectedWith('BookingIsAlreadyConfirmed');
    });
    it('when a cancelled booking is denied, then BookingIsAlreadyCancelled', () => {
      given([placed, cancelled]).when(deny).thenRejectedWith('BookingIsAlreadyCancelled');
    });
  });

  describe('cancel', () => {
    const cancelledNow: BookingEvent[] = [
      { type: 'BookingCancelled', data: { bookingId: 'b1', reason: 'changed my mind', cancelledAt: iso } },
    ];
    it('when an awaiting booking is cancelled, then BookingCancelled', () => {
      given([placed]).when(cancel).then(cancelledNow);
    });
    it('when a confirmed booking is cancelled, then BookingCancelled', () => {
      given([placed, confirmed]).when(cancel).then(cancelledNow);
    });
    it('when a cancelled, denied or expired booking is cancelled, then nothing happens', () => {
      given([placed, cancelled]).when(cancel).thenNothingHappens();
      given([placed, denied]).when(cancel).thenNothingHappens();
      given([placed, confirmed, expired]).when(cancel).thenNothingHappens();
    });
    it('when a settled booking is cancelled, then BookingIsAlreadySettled', () => {
      given([placed, confirmed, paid, settled]).when(cancel).thenRejectedWith('BookingIsAlreadySettled');
    });
  });

  describe('receivePayment', () => {
    it('when a confirmed booking receives its total, then BookingPaid and BookingSettled', () => {
      given([placed, confirmed])
        .when(receivePayment())
        .then([
          { type: 'BookingPaid', data: { bookingId: 'b1', paymentId: 'p1', amount: 100000, paidAt: iso } },
          { type: 'BookingSettled', data: { bookingId: 'b1', settledAt: iso } },
        ]);
    });
    it('when the settling payment arrives again, then nothing happens', () => {
      given([placed, confirmed, paid, settled]).when(receivePayment('p1')).thenNothingHappens();
    });
    it('when another payment arrives for a settled booking, then BookingIsAlreadySettled', () => {
      const rejection = given([placed, confirmed, paid, settled])
        .when(receivePayment('p2'))
        .thenRejectedWith('BookingIsAlreadySettled');
      expect(rejection.details).to.deep.equal({ paymentId: 'p1' });
    });
    it('when the amount differs from the total, then PaymentAmountMismatch', () => {
      const rejection = given([placed, confirmed])
        .when(receivePayment('p1', 99999))
        .thenRejectedWith('PaymentAmountMismatch');
      expect(rejection.details).to.deep.equal({ amount: 99999, totalPrice: 100000 });
      expect(rejection.message).to.equal('The payment of 99999 does not match the total of 100000');
    });
    it('when the booking awaits confirmation, then BookingIsNotConfirmed', () => {
      given([placed]).when(receivePayment()).thenRejectedWith('BookingIsNotConfirmed');
    });
    it('when the booking is denied, cancelled or expired, then BookingIsNotPayable names its status', () => {
      for (const [history, status] of [
        [[placed, denied], 'Denied'],
        [[placed, cancelled], 'Cancelled'],
        [[placed, confirmed, expired], 'Expired'],
      ] as const) {
        const rejection = given([...history])
          .when(receivePayment())
          .thenRejectedWith('BookingIsNotPayable');
        expect(rejection.details).to.deep.equal({ status });
        expect(rejection.message).to.equal(`A ${status.toLowerCase()} booking cannot be paid`);
      }
    });
  });

  describe('expire', () => {
    it('when a confirmed booking is past its expiry, then BookingExpired', () => {
      given([placed, confirmed])
        .when(expireAt(new Date('2026-03-01T12:15:00.000Z')))
        .then([{ type: 'BookingExpired', data: { bookingId: 'b1', expiredAt: '2026-03-01T12:15:00.000Z' } }]);
    });
    it('when a confirmed booking is not due yet, or never expires, then TooEarlyToExpire', () => {
      const early = given([placed, confirmed])
        .when(expireAt(new Date('2026-03-01T12:14:59.999Z')))
        .thenRejectedWith('TooEarlyToExpire');
      expect(early.details).to.deep.equal({ expiresAt: '2026-03-01T12:15:00.000Z' });
      const never = given([placed, confirmedUntil(null)])
        .when(expireAt(now))
        .thenRejectedWith('TooEarlyToExpire');
      expect(never.details).to.deep.equal({ expiresAt: null });
    });
    it('when an expired, cancelled or denied booking is expired, then nothing happens', () => {
      given([placed, confirmed, expired]).when(expireAt(now)).thenNothingHappens();
      given([placed, cancelled]).when(expireAt(now)).thenNothingHappens();
      given([placed, denied]).when(expireAt(now)).thenNothingHappens();
    });
    it('when a settled booking is expired, then BookingIsAlreadySettled', () => {
      given([placed, confirmed, paid, settled]).when(expireAt(now)).thenRejectedWith('BookingIsAlreadySettled');
    });
    it('when an awaiting booking is expired, then BookingIsNotConfirmed', () => {
      given([placed]).when(expireAt(now)).thenRejectedWith('BookingIsNotConfirmed');
    });
  });

  describe('a missing booking', () => {
    for (const command of [confirm(), deny, cancel, receivePayment(), expireAt(now)]) {
      it(`when ${command.type} targets a booking that was never placed, then BookingNotFound`, () => {
        const rejection = given([]).when(command).thenRejectedWith('BookingNotFound');
        expect(rejection.kind).to.equal('not-found');
      });
    }
  });

  describe('outside the table', () => {
    // Unreachable while the types hold (assertNever); data from elsewhere can still break them, and must not pass as "nothing to do".
    it('when a command of an unknown type arrives, then decide fails loudly instead of recording nothing', () => {
      const awaiting = bookingDecider.evolve(bookingDecider.initialState, placed);
      expect(() => bookingDecider.decide({ type: 'RefundBooking', data: { now } } as never, awaiting)).to.throw(
        /Unexpected value/,
      );
    });
    it('when the state has an unknown status, then every command but placing fails loudly', () => {
      const unknown = { status: 'Archived', placed: placed.data } as never;
      for (const command of [confirm(), deny, cancel, receivePayment(), expireAt(now)]) {
        expect(() => bookingDecider.decide(command, unknown), command.type).to.throw(/Unexpected value/);
      }
    });
  });

  describe('evolve', () => {
    it('when a booking is paid and settled, then its state names the settling payment', () => {
      const state = [placed, confirmed, paid, settled].reduce(bookingDecider.evolve, bookingDecider.initialState);
      expect(state).to.include({ status: 'Settled', paymentId: 'p1' });
    });
    it('when a confirmed booking is cancelled, then its state keeps the confirmation', () => {
      const state = [placed, confirmed, cancelled].reduce(bookingDecider.evolve, bookingDecider.initialState);
      expect(state.status).to.equal('Cancelled');
      expect(state).to.have.nested.property('confirmation.totalPrice', 100000);
    });
    it('when a stream starts with anything but BookingPlaced, then folding fails loudly', () => {
      expect(() => bookingDecider.evolve(bookingDecider.initialState, confirmed)).to.throw(
        ImpossibleEventError,
        /first event/,
      );
    });
  });
});
