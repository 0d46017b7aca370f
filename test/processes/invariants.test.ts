// The invariant checker itself: given streams that break each invariant, then it fails naming it; given a sound store, it passes.
import { randomUUID } from 'node:crypto';
import { jsonEvent } from '@eventstore/db-client';
import { expect } from 'chai';
import { useEmbeddedStores } from '../support/embedded-stores.js';
import { bookingEventSchema } from '../../src/bookings/events.js';
import { bookingDocumentOf, foldBookingEvent, type FoldedBooking } from '../../src/view/booking-document.js';
import { assertInvariants } from '../support/invariants.js';
import { MovableClock } from '../support/movable-clock.js';

const at = '2026-01-01T00:00:00.000Z';
const seat = { row: 1, number: 1 };
const ticket = { seat, price: 50000 };

describe('invariant checker', function () {
  this.timeout(30_000);
  const stores = useEmbeddedStores('invariants', { each: true });

  const append = (stream: string, ...events: Array<[string, Record<string, unknown>]>) =>
    stores.client.appendToStream(
      stream,
      events.map(([type, data]) => jsonEvent({ type, data, metadata: { $correlationId: stream } })),
    );
  const concert = () =>
    append('concert-c1', [
      'ConcertScheduled',
      { concertId: 'c1', name: 'C', seatsPerRow: 10, pricing: [{ fromRow: 1, toRow: 10, price: 50000 }] },
    ]);
  const placed = (bookingId: string) =>
    ['BookingPlaced', { bookingId, clientId: 'a', concertId: 'c1', seats: [seat], placedAt: at }] as [
      string,
      Record<string, unknown>,
    ];
  const confirmed = (bookingId: string, expiresAt: string) =>
    ['BookingConfirmed', { bookingId, tickets: [ticket], totalPrice: 50000, expiresAt, confirmedAt: at }] as [
      string,
      Record<string, unknown>,
    ];
  const reserved = (bookingId: string) =>
    [
      'SeatsReserved',
      { concertId: 'c1', bookingId, seats: [seat], tickets: [ticket], expiresAt: at, reservedAt: at },
    ] as [string, Record<string, unknown>];
  /** The view's document for these events of booking `bookingId`, as the projector writes it, changed by `edit`. */
  const view = (
    bookingId: string,
    events: Array<[string, Record<string, unknown>]>,
    edit: Record<string, unknown> = {},
  ) => {
    const folded = events.reduce<FoldedBooking | null>(
      (sofar, [type, data], revision) =>
        foldBookingEvent(sofar, {
          event: bookingEventSchema.parse({ type, data }),
          revision,
          correlationId: `booking-${bookingId}`,
        }),
      null,
    );
    return stores.db
      .collection('bookings')
      .insertOne({ _id: bookingId as never, ...bookingDocumentOf(folded!, at), ...edit });
  };
  const violations = async () => {
    const failure = await assertInvariants(stores.client, stores.db, { expirationIntervalMs: 100, timeoutMs: 0 }).then(
      () => undefined,
      (error: Error) => error.message,
    );
    return failure ?? '';
  };

  it('when every booking reached its end and the view matches, then it passes', async () => {
    await concert();
    const bookingId = randomUUID();
    const future = new Date(Date.now() + 60_000).toISOString();
    await append(`booking-${bookingId}`, placed(bookingId), confirmed(bookingId, future));
    await append('concert-c1', reserved(bookingId));
    await view(bookingId, [placed(bookingId), confirmed(bookingId, future)]);
    expect(await violations()).to.equal('');
  });

  it('when two bookings reserved the same seat, then invariant 1 fails', async () => {
    await concert();
    await append('concert-c1', reserved('b1'), reserved('b2'));
    expect(await violations()).to.contain('1. c1 seat 1:1 reserved by b2 while held by b1');
  });

  it('when a denied booking still holds seats, then invariant 2 fails', async () => {
    await concert();
    await append('booking-b1', placed('b1'), ['BookingDenied', { bookingId: 'b1', reason: 'no', deniedAt: at }]);
    await append('concert-c1', reserved('b1'));
    expect(await violations()).to.contain('2. c1 holds seats for b1, which is Denied');
  });

  it('when a booking still awaits confirmation and the view lacks it, then invariants 3 and 6 fail', async () => {
    await append('booking-b1', placed('b1'));
    const found = await violations();
    expect(found).to.contain('3. b1 is still AwaitingConfirmation');
    expect(found).to.contain('6. b1 is missing from the view');
  });

  it('when a settled booking keeps two payments, then invariant 4 fails', async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    await append(
      'booking-b1',
      placed('b1'),
      confirmed('b1', future),
      ['BookingPaid', { bookingId: 'b1', paymentId: 'p1', amount: 50000, paidAt: at }],
      ['BookingSettled', { bookingId: 'b1', settledAt: at }],
    );
    for (const paymentId of ['p1', 'p2'])
      await append(`payment-${paymentId}`, [
        'PaymentSucceeded',
        { paymentId, bookingId: 'b1', amount: 50000, receivedAt: at },
      ]);
    expect(await violations()).to.contain('4. settled b1 keeps 2 payments, expected 1');
  });

  it('when a confirmed booking is long past its expiry, then invariant 5 fails', async () => {
    await append('booking-b1', placed('b1'), confirmed('b1', at));
    await view('b1', [placed('b1'), confirmed('b1', at)]);
    expect(await violations()).to.contain('5. b1 is still Confirmed, expired at 2026-01-01T00:00:00.000Z');
  });

  it('when the service\'s clock was moved past a hold, then invariant 5 reads "now" from that clock, not from the wall', async () => {
    const soon = new Date(Date.now() + 60_000).toISOString();
    await append('booking-b1', placed('b1'), confirmed('b1', soon));
    await view('b1', [placed('b1'), confirmed('b1', soon)]);
    const clock = new MovableClock();
    const check = () =>
      assertInvariants(stores.client, stores.db, { expirationIntervalMs: 100, timeoutMs: 0, clock }).then(
        () => '',
        (error: Error) => error.message,
      );
    expect(await check()).to.equal('');
    clock.advance(120_000);
    expect(await check()).to.contain(`5. b1 is still Confirmed, expired at ${soon}`);
  });

  it('when the view shows an older revision than the stream, then invariant 6 fails', async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    await append('booking-b1', placed('b1'), confirmed('b1', future));
    await view('b1', [placed('b1')]);
    expect(await violations())
      .to.contain("6. view of b1 differs from its stream's fold in")
      .and.contain('status "AwaitingConfirmation" (stream: "Confirmed")')
      .and.contain('version 0 (stream: 1)');
  });

  for (const [field, wrong] of [
    ['totalPrice', 1],
    ['expiresAt', null],
    ['seats', []],
    ['correlationId', 'someone-else'],
    ['placedAt', '2020-01-01T00:00:00.000Z'],
  ] as const) {
    it(`when the view's ${field} alone drifts from the stream, then invariant 6 fails naming it`, async () => {
      const future = new Date(Date.now() + 60_000).toISOString();
      await append('booking-b1', placed('b1'), confirmed('b1', future));
      await view('b1', [placed('b1'), confirmed('b1', future)], { [field]: wrong });
      const found = await violations();
      expect(found).to.contain(`6. view of b1 differs from its stream's fold in ${field} `);
      expect(found).to.not.contain('updatedAt');
    });
  }

  it("when only the view's updatedAt differs, then that is no violation (timestamps are the projector's own)", async () => {
    const future = new Date(Date.now() + 60_000).toISOString();
    await append('booking-b1', placed('b1'), confirmed('b1', future));
    await view('b1', [placed('b1'), confirmed('b1', future)], { updatedAt: new Date().toISOString() });
    expect(await violations()).to.not.contain('6.');
  });
});
