// The view while it is rebuilt: known to be incomplete until caught up, lists refused meanwhile; and a checkpoint
// that vanished under it found by the next list, which is refused too, and starts the rebuild.
import { jsonEvent } from '@eventstore/db-client';
import { expect } from 'chai';
import winston from 'winston';
import { systemClock } from '../../src/core/clock.js';
import { BookingCollection } from '../../src/view/booking-collection.js';
import type { BookingDocument } from '../../src/view/booking-document.js';
import { BookingProjector } from '../../src/view/booking-projector.js';
import { BookingQueries } from '../../src/view/booking-queries.js';
import { listsOnlyWhenComplete, ViewIncompleteError } from '../../src/view/view-incomplete.js';
import { useEmbeddedStores } from '../support/embedded-stores.js';
import { eventually } from '../support/eventually.js';

const logger = winston.createLogger({ silent: true });
const at = '2026-01-01T00:00:00.000Z';
const bookings = 200;

/** Writes a little slowly, so that a rebuild lasts long enough to be looked at. */
class SlowCollection extends BookingCollection {
  override async save(docs: readonly BookingDocument[]): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 20));
    await super.save(docs);
  }
}

async function refused(list: Promise<unknown>): Promise<unknown> {
  try {
    await list;
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('the view while it is rebuilt', function () {
  this.timeout(30_000);
  const stores = useEmbeddedStores('view-rebuild');
  let projector: BookingProjector;

  before(async () => {
    for (let i = 0; i < bookings; i++) {
      await stores.client.appendToStream(`booking-r${i}`, [
        jsonEvent({
          type: 'BookingPlaced',
          data: {
            bookingId: `r${i}`,
            clientId: 'rita',
            concertId: 'rock-night',
            seats: [{ row: 1, number: 1 }],
            placedAt: at,
          },
        }),
      ]);
    }
  });
  afterEach(() => projector?.stop());

  it('when it starts on an empty database with events to replay, then it is rebuilding, lists are refused, and it is complete once every booking is in', async () => {
    projector = new BookingProjector(stores.client, new SlowCollection(stores.db), systemClock, logger);
    const reads = listsOnlyWhenComplete(new BookingQueries(stores.db), projector);
    await projector.start();
    expect(projector.status().rebuilding).to.equal(true);
    expect(await refused(reads.list('rita', { limit: 100 }))).to.be.instanceOf(ViewIncompleteError);
    // One booking is not taken from a view being rebuilt: the API reads its stream instead.
    expect(await reads.get('rita', 'r0')).to.equal(null);

    await projector.whenComplete();
    expect(projector.status().rebuilding).to.equal(false);
    const page = await reads.list('rita', { limit: 100 });
    expect(page.items).to.have.length(100);
    expect(page.next).to.not.equal(null);
  });

  it('when its checkpoint vanishes under it, then the next list is refused and the view is rebuilt', async () => {
    projector = new BookingProjector(stores.client, new BookingCollection(stores.db), systemClock, logger, {
      verifyEveryMs: 60_000,
    });
    const reads = listsOnlyWhenComplete(new BookingQueries(stores.db), projector);
    await projector.start();
    await projector.whenComplete();
    await eventually(async () => expect(projector.status().checkpoint).to.not.equal(null), 5_000);

    await stores.db.dropDatabase();
    expect(await refused(reads.list('rita', { limit: 100 }))).to.be.instanceOf(ViewIncompleteError);
    expect(projector.status().rebuilding).to.equal(true);
    await projector.whenComplete();
    expect((await reads.list('rita', { limit: 100 })).items).to.have.length(100);
    expect(await stores.db.collection('bookings').countDocuments()).to.equal(bookings);
  });
});
