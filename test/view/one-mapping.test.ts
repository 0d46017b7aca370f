// The document the API serves comes from one mapping: the MongoDB view and the fallback read of the stream give the same one.
import { jsonEvent } from '@eventstore/db-client';
import { expect } from 'chai';
import winston from 'winston';
import { withStreamFallback } from '../../src/bookings/booking-view.js';
import { systemClock } from '../../src/core/clock.js';
import { streamBookingReads } from '../../src/eventstore/stream-booking-reads.js';
import { BookingCollection } from '../../src/view/booking-collection.js';
import { BookingProjector } from '../../src/view/booking-projector.js';
import { BookingQueries } from '../../src/view/booking-queries.js';
import { useEmbeddedStores } from '../support/embedded-stores.js';
import { eventually } from '../support/eventually.js';

const logger = winston.createLogger({ silent: true });
const at = '2026-01-01T00:00:00.000Z';
const seat = { row: 4, number: 2 };
const withoutUpdatedAt = <T extends { updatedAt: string }>(doc: T | null) =>
  doc === null ? null : { ...doc, updatedAt: undefined };

describe('one mapping for the booking document', function () {
  this.timeout(30_000);
  const stores = useEmbeddedStores('one-mapping');

  const lifecycles: Record<string, Array<[string, Record<string, unknown>]>> = {
    awaiting: [
      [
        'BookingPlaced',
        { bookingId: 'awaiting', clientId: 'ann', concertId: 'rock-night', seats: [seat], placedAt: at },
      ],
    ],
    settled: [
      [
        'BookingPlaced',
        { bookingId: 'settled', clientId: 'ann', concertId: 'rock-night', seats: [seat], placedAt: at },
      ],
      [
        'BookingConfirmed',
        { bookingId: 'settled', tickets: [{ seat, price: 30000 }], totalPrice: 30000, expiresAt: at, confirmedAt: at },
      ],
      ['BookingPaid', { bookingId: 'settled', paymentId: 'p1', amount: 30000, paidAt: at }],
      ['BookingSettled', { bookingId: 'settled', settledAt: at }],
    ],
    cancelled: [
      [
        'BookingPlaced',
        { bookingId: 'cancelled', clientId: 'ann', concertId: 'rock-night', seats: [seat], placedAt: at },
      ],
      ['BookingCancelled', { bookingId: 'cancelled', reason: 'plans changed', cancelledAt: at }],
    ],
  };

  it('when the view has caught up, then the document it serves equals the one folded from the stream, field for field but updatedAt', async () => {
    for (const [bookingId, events] of Object.entries(lifecycles)) {
      await stores.client.appendToStream(
        `booking-${bookingId}`,
        events.map(([type, data]) =>
          jsonEvent({ type, data, metadata: { $correlationId: bookingId, $causationId: 'test' } }),
        ),
      );
    }
    const projector = new BookingProjector(stores.client, new BookingCollection(stores.db), systemClock, logger);
    await projector.start();
    const view = new BookingQueries(stores.db);
    await eventually(async () => expect((await view.get('ann', 'cancelled'))?.status).to.equal('Cancelled'));
    await projector.stop();
    const stream = streamBookingReads(stores.client, systemClock);
    for (const bookingId of Object.keys(lifecycles)) {
      const fromView = await view.get('ann', bookingId);
      expect(fromView, bookingId).to.not.equal(null);
      expect(withoutUpdatedAt(await stream.get('ann', bookingId)), bookingId).to.deep.equal(withoutUpdatedAt(fromView));
    }
  });

  it('when the view has nothing yet, then the API falls back to the stream, and another client still gets nothing', async () => {
    await stores.client.appendToStream('booking-fresh', [
      jsonEvent({
        type: 'BookingPlaced',
        data: { bookingId: 'fresh', clientId: 'ann', concertId: 'rock-night', seats: [seat], placedAt: at },
      }),
    ]);
    const reads = withStreamFallback(new BookingQueries(stores.db), streamBookingReads(stores.client, systemClock));
    expect(await reads.get('ann', 'fresh')).to.deep.include({
      bookingId: 'fresh',
      status: 'AwaitingConfirmation',
      version: 0,
    });
    expect(await reads.get('bob', 'fresh')).to.equal(null);
    expect(await reads.get('ann', 'never-placed')).to.equal(null);
  });
});
