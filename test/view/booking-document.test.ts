// The booking view's fold and its one mapping, as plain functions: given typed events, then the document the API serves.
import { expect } from 'chai';
import type { BookingEvent } from '../../src/bookings/events.js';
import { ImpossibleEventError } from '../../src/core/impossible-event.js';
import { bookingDocumentSchema } from '../../src/http/schemas.js';
import { bookingDocumentOf, foldBookingEvent, type FoldedBooking } from '../../src/view/booking-document.js';

const now = '2026-01-01T00:00:09.000Z';
const seat = { row: 2, number: 3 };
const tickets = [{ seat, price: 50000 }];
const placed: BookingEvent = {
  type: 'BookingPlaced',
  data: {
    bookingId: 'b1',
    clientId: 'alice',
    concertId: 'rock-night',
    seats: [seat],
    placedAt: '2026-01-01T00:00:00.000Z',
  },
};
const confirmed: BookingEvent = {
  type: 'BookingConfirmed',
  data: {
    bookingId: 'b1',
    tickets,
    totalPrice: 50000,
    expiresAt: '2026-01-01T00:15:00.000Z',
    confirmedAt: '2026-01-01T00:00:01.000Z',
  },
};
const paid: BookingEvent = {
  type: 'BookingPaid',
  data: { bookingId: 'b1', paymentId: 'p1', amount: 50000, paidAt: now },
};
const settled: BookingEvent = { type: 'BookingSettled', data: { bookingId: 'b1', settledAt: now } };

/** Folds events given in stream order (revision = index + `from`), as the projector and the stream read both do. */
const fold = (events: BookingEvent[], start: FoldedBooking | null = null, from = 0) =>
  events.reduce<FoldedBooking | null>(
    (folded, event, i) => foldBookingEvent(folded, { event, revision: from + i, correlationId: 'c1' }),
    start,
  );
const documentOf = (events: BookingEvent[]) => bookingDocumentOf(fold(events)!, now);

describe('booking view document', () => {
  it('when a booking is placed, then it awaits confirmation with its seats and no tickets yet', () => {
    expect(documentOf([placed])).to.deep.equal({
      bookingId: 'b1',
      clientId: 'alice',
      concertId: 'rock-night',
      seats: [seat],
      tickets: null,
      totalPrice: null,
      status: 'AwaitingConfirmation',
      placedAt: '2026-01-01T00:00:00.000Z',
      confirmedAt: null,
      expiresAt: null,
      paymentId: null,
      reason: null,
      version: 0,
      correlationId: 'c1',
      updatedAt: now,
    });
  });

  it('when it is confirmed, paid and settled, then it shows tickets, total, expiry, payment and Settled', () => {
    expect(documentOf([placed, confirmed, paid, settled])).to.deep.include({
      status: 'Settled',
      tickets,
      totalPrice: 50000,
      expiresAt: '2026-01-01T00:15:00.000Z',
      confirmedAt: '2026-01-01T00:00:01.000Z',
      paymentId: 'p1',
      version: 3,
    });
  });

  it('when an event is delivered again, then the fold does not change (idempotent, never backwards)', () => {
    const all = fold([placed, confirmed, paid, settled]);
    expect(fold([confirmed, paid], all, 1)).to.equal(all);
  });

  for (const [event, status, reason] of [
    [
      { type: 'BookingDenied', data: { bookingId: 'b1', reason: 'SeatsAlreadyBooked', deniedAt: now } },
      'Denied',
      'SeatsAlreadyBooked',
    ],
    [
      { type: 'BookingCancelled', data: { bookingId: 'b1', reason: 'changed my mind', cancelledAt: now } },
      'Cancelled',
      'changed my mind',
    ],
  ] as const) {
    it(`when it is ${status.toLowerCase()}, then its status and reason say so`, () => {
      expect(documentOf([placed, event])).to.include({ status, reason, version: 1 });
    });
  }

  it('when a confirmed booking expires, then it is Expired and keeps its tickets', () => {
    expect(
      documentOf([placed, confirmed, { type: 'BookingExpired', data: { bookingId: 'b1', expiredAt: now } }]),
    ).to.deep.include({ status: 'Expired', tickets, version: 2 });
  });

  it('when an event cannot follow (a booking never placed), then it is an error naming the event, not skipped', () => {
    expect(() => fold([confirmed])).to.throw(ImpossibleEventError, 'BookingConfirmed');
  });

  it('when the stream has no events yet, then there is no document', () => {
    expect(bookingDocumentOf({ state: { status: 'Missing' }, revision: -1, correlationId: 'c1' }, now)).to.equal(null);
  });

  it('when any lifecycle is mapped, then the document fits the schema the API documents, field for field', () => {
    const lifecycles: BookingEvent[][] = [
      [placed],
      [placed, confirmed],
      [placed, confirmed, paid, settled],
      [placed, confirmed, { type: 'BookingExpired', data: { bookingId: 'b1', expiredAt: now } }],
    ];
    for (const events of lifecycles) {
      const doc = documentOf(events);
      const parsed = bookingDocumentSchema.strict().safeParse(doc);
      expect(parsed.success, `${events.at(-1)!.type}: ${parsed.error?.message}`).to.equal(true);
    }
  });
});
