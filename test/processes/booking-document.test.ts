// The booking view's fold, as a plain function: given events, then the document.
import { expect } from 'chai';
import { evolveBookingDocument, type BookingDocument, type BookingViewEvent } from '../../src/view/booking-document.js';

const now = '2026-01-01T00:00:09.000Z';
const seat = { row: 2, number: 3 };
const tickets = [{ seat, price: 50000 }];
const history: BookingViewEvent[] = [
  {
    type: 'BookingPlaced',
    revision: 0,
    correlationId: 'c1',
    data: { bookingId: 'b1', clientId: 'alice', concertId: 'rock-night', seats: [seat], placedAt: '2026-01-01T00:00:00.000Z' },
  },
  {
    type: 'BookingConfirmed',
    revision: 1,
    correlationId: 'c1',
    data: { bookingId: 'b1', tickets, totalPrice: 50000, expiresAt: '2026-01-01T00:15:00.000Z', confirmedAt: '2026-01-01T00:00:01.000Z' },
  },
  { type: 'BookingPaid', revision: 2, correlationId: 'c1', data: { bookingId: 'b1', paymentId: 'p1', amount: 50000, paidAt: now } },
  { type: 'BookingSettled', revision: 3, correlationId: 'c1', data: { bookingId: 'b1', settledAt: now } },
];

const fold = (events: BookingViewEvent[], from: BookingDocument | null = null) =>
  events.reduce<BookingDocument | null>((doc, event) => evolveBookingDocument(doc, event, now), from);

describe('booking view document', () => {
  it('when a booking is placed, then it awaits confirmation with its seats and no tickets yet', () => {
    expect(fold(history.slice(0, 1))).to.include({
      bookingId: 'b1', clientId: 'alice', concertId: 'rock-night', status: 'AwaitingConfirmation',
      tickets: null, totalPrice: null, version: 0, correlationId: 'c1', updatedAt: now,
    });
  });

  it('when it is confirmed, paid and settled, then it shows tickets, total, expiry, payment and Settled', () => {
    expect(fold(history)).to.deep.include({
      status: 'Settled', tickets, totalPrice: 50000, expiresAt: '2026-01-01T00:15:00.000Z',
      confirmedAt: '2026-01-01T00:00:01.000Z', paymentId: 'p1', version: 3,
    });
  });

  it('when an event is delivered again, then the document does not change (idempotent, never backwards)', () => {
    const settled = fold(history);
    expect(fold([history[1]!, history[2]!], settled)).to.equal(settled);
  });

  for (const [type, status, data] of [
    ['BookingDenied', 'Denied', { reason: 'SeatsAlreadyBooked' }],
    ['BookingCancelled', 'Cancelled', { reason: 'changed my mind' }],
  ] as const) {
    it(`when it is ${status.toLowerCase()}, then its status and reason say so`, () => {
      const doc = fold([history[0]!, { type, revision: 1, correlationId: 'c1', data: { bookingId: 'b1', ...data } }]);
      expect(doc).to.include({ status, reason: data.reason, version: 1 });
    });
  }

  it('when a confirmed booking expires, then it is Expired and keeps its tickets', () => {
    const doc = fold([...history.slice(0, 2), { type: 'BookingExpired', revision: 2, correlationId: 'c1', data: { bookingId: 'b1', expiredAt: now } }]);
    expect(doc).to.deep.include({ status: 'Expired', tickets, version: 2 });
  });

  it('when an event type is unknown to the view, then only the version moves', () => {
    const placed = fold(history.slice(0, 1))!;
    const doc = fold([{ type: 'BookingRenamed', revision: 1, correlationId: 'c1', data: {} }], placed);
    expect(doc).to.deep.equal({ ...placed, version: 1 });
  });

  it('when an event arrives for a booking never placed, then it is an error naming the event, not skipped', () => {
    expect(() => fold(history.slice(1, 2))).to.throw('BookingConfirmed at revision 1').with.property('code', 'UnexpectedBookingEvent');
  });
});
