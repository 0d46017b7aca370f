// The booking view's projector on the embedded servers: batches while catching up, checkpoints in MongoDB, resumes after it.
import { jsonEvent, type EventStoreDBClient } from '@eventstore/db-client';
import { expect } from 'chai';
import type { Db } from 'mongodb';
import { useEmbeddedStores } from '../support/embedded-stores.js';
import winston from 'winston';
import { systemClock } from '../../src/core/clock.js';
import { BookingCollection } from '../../src/view/booking-collection.js';
import type { BookingDocument } from '../../src/view/booking-document.js';
import { BookingProjector } from '../../src/view/booking-projector.js';
import { eventually } from '../support/eventually.js';

const logger = winston.createLogger({ silent: true });
const at = '2026-01-01T00:00:00.000Z';

/** Counts the writes the projector makes, to see its batches. */
class CountingCollection extends BookingCollection {
  readonly batches: number[] = [];
  override async save(docs: readonly BookingDocument[]): Promise<void> {
    this.batches.push(docs.length);
    await super.save(docs);
  }
}

describe('booking projector', function () {
  this.timeout(30_000);
  const stores = useEmbeddedStores('projector');
  let client: EventStoreDBClient;
  let db: Db;

  before(async () => {
    ({ client, db } = stores);
    for (let i = 0; i < 300; i++) {
      await client.appendToStream(`booking-b${i}`, [
        jsonEvent({
          type: 'BookingPlaced',
          data: {
            bookingId: `b${i}`,
            clientId: 'c',
            concertId: 'rock-night',
            seats: [{ row: 1, number: 1 }],
            placedAt: at,
          },
        }),
        jsonEvent({ type: 'BookingDenied', data: { bookingId: `b${i}`, reason: 'SeatsAlreadyBooked', deniedAt: at } }),
      ]);
      // Other categories pass by the filter and only move the checkpoint.
      await client.appendToStream(`payment-p${i}`, [jsonEvent({ type: 'Unrelated', data: {} })]);
    }
  });

  /** Places a booking and waits until the projector running has written its document. */
  async function placeAndWait(bookingId: string) {
    const appended = await client.appendToStream(`booking-${bookingId}`, [
      jsonEvent({
        type: 'BookingPlaced',
        data: { bookingId, clientId: 'c', concertId: 'rock-night', seats: [{ row: 3, number: 3 }], placedAt: at },
      }),
    ]);
    await eventually(async () =>
      expect(await db.collection('bookings').countDocuments({ _id: bookingId as never })).to.equal(1),
    );
    return appended;
  }

  it('when it catches up on a backlog, then it writes many events per bulk write, each booking once per batch', async () => {
    const collection = new CountingCollection(db);
    const projector = new BookingProjector(client, collection, systemClock, logger);
    await projector.start();
    await eventually(
      async () => expect(await db.collection('bookings').countDocuments({ status: 'Denied' })).to.equal(300),
      15_000,
    );
    await projector.stop();
    // 600 booking events: one write per event would be 600 documents in 600 writes.
    const written = collection.batches.reduce((sum, size) => sum + size, 0);
    expect(written).to.be.below(600);
    expect(collection.batches.length).to.be.below(300);
    expect(await db.collection('checkpoints').findOne({ _id: 'booking-view' as never })).to.have.property('commit');
  });

  it('when it starts again, then it resumes after its checkpoint and rewrites nothing', async () => {
    const collection = new CountingCollection(db);
    const projector = new BookingProjector(client, collection, systemClock, logger);
    await projector.start();
    await client.appendToStream('booking-late', [
      jsonEvent({
        type: 'BookingPlaced',
        data: {
          bookingId: 'late',
          clientId: 'c',
          concertId: 'rock-night',
          seats: [{ row: 2, number: 2 }],
          placedAt: at,
        },
      }),
    ]);
    await eventually(async () => expect(await db.collection('bookings').countDocuments()).to.equal(301));
    await projector.stop();
    expect(collection.batches.reduce((sum, size) => sum + size, 0)).to.equal(1);
  });

  it('when a checkpoint write is slow, then the next events are written meanwhile, and the checkpoint stored last is the newest', async () => {
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const checkpoints: string[] = [];
    /** Holds every checkpoint write until the test opens the gate. */
    class SlowCheckpoints extends BookingCollection {
      override async saveCheckpoint(...args: Parameters<BookingCollection['saveCheckpoint']>): Promise<boolean> {
        await gate;
        checkpoints.push(args[0].commit);
        return super.saveCheckpoint(...args);
      }
    }
    const projector = new BookingProjector(client, new SlowCheckpoints(db), systemClock, logger);
    await projector.start();
    await placeAndWait('slow-1');
    // The first checkpoint write still waits at the gate: the view goes on regardless.
    const second = await placeAndWait('slow-2');
    open();
    await projector.stop();
    const stored = await db.collection('checkpoints').findOne({ _id: 'booking-view' as never });
    expect(stored?.commit).to.equal(second.position!.commit.toString());
    expect(checkpoints.map(BigInt)).to.deep.equal(
      [...checkpoints.map(BigInt)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });

  it('when a checkpoint write fails, then the view goes on and a later batch stores the checkpoint', async () => {
    let failures = 1;
    /** Refuses the first checkpoint write, as a MongoDB hiccup would. */
    class FlakyCheckpoints extends BookingCollection {
      override async saveCheckpoint(...args: Parameters<BookingCollection['saveCheckpoint']>): Promise<boolean> {
        if (failures-- > 0) throw new Error('not now');
        return super.saveCheckpoint(...args);
      }
    }
    const projector = new BookingProjector(client, new FlakyCheckpoints(db), systemClock, logger);
    await projector.start();
    await placeAndWait('flaky-1');
    const second = await placeAndWait('flaky-2');
    await eventually(async () =>
      expect(projector.status().checkpoint?.commit).to.equal(second.position!.commit.toString()),
    );
    // Not a dropped subscription (which would replay from the old checkpoint): the writer only logged it.
    expect(projector.status().lastError).to.equal(null);
    await projector.stop();
    expect(failures).to.be.below(0);
    expect((await db.collection('checkpoints').findOne({ _id: 'booking-view' as never }))?.commit).to.equal(
      second.position!.commit.toString(),
    );
  });
  it('when events keep coming, then the checkpoint is written at most once a second, and stopping writes the newest', async () => {
    const written: string[] = [];
    class CountingCheckpoints extends BookingCollection {
      override async saveCheckpoint(...args: Parameters<BookingCollection['saveCheckpoint']>): Promise<boolean> {
        written.push(args[0].commit);
        return super.saveCheckpoint(...args);
      }
    }
    const projector = new BookingProjector(client, new CountingCheckpoints(db), systemClock, logger);
    await projector.start();
    const started = Date.now();
    let last: Awaited<ReturnType<typeof placeAndWait>> | undefined;
    for (let i = 0; i < 8; i++) last = await placeAndWait(`steady-${i}`);
    const seconds = (Date.now() - started) / 1000;
    await projector.stop();
    // One write per batch would be eight or more; once a second is the first, one per second after it, and the stop's.
    expect(written.length).to.be.at.most(Math.ceil(seconds) + 2);
    expect(written.length).to.be.below(8);
    expect(written.at(-1)).to.equal(last!.position!.commit.toString());
    expect((await db.collection('checkpoints').findOne({ _id: 'booking-view' as never }))?.commit).to.equal(
      last!.position!.commit.toString(),
    );
  });

  it('when a booking it has not folded (placed before a restart) gets its next event, then it folds the booking from its stream', async () => {
    const first = new BookingProjector(client, new BookingCollection(db), systemClock, logger);
    await first.start();
    await placeAndWait('before-restart');
    await first.stop();
    const second = new BookingProjector(client, new BookingCollection(db), systemClock, logger);
    await second.start();
    await client.appendToStream('booking-before-restart', [
      jsonEvent({
        type: 'BookingDenied',
        data: { bookingId: 'before-restart', reason: 'SeatsAlreadyBooked', deniedAt: at },
      }),
    ]);
    await eventually(async () =>
      expect((await db.collection('bookings').findOne({ _id: 'before-restart' as never }))?.status).to.equal('Denied'),
    );
    await second.stop();
    const doc = await db.collection('bookings').findOne({ _id: 'before-restart' as never });
    expect(doc).to.deep.include({
      clientId: 'c',
      concertId: 'rock-night',
      seats: [{ row: 3, number: 3 }],
      placedAt: at,
      reason: 'SeatsAlreadyBooked',
      version: 1,
    });
  });

  // Last: it empties the database the other specs use.
  it('when the database is emptied while the view runs, then the view rebuilds itself from the first event, indexes included', async () => {
    const projector = new BookingProjector(client, new BookingCollection(db), systemClock, logger);
    await projector.start();
    await placeAndWait('before-emptying');
    const documents = await db.collection('bookings').countDocuments();
    await eventually(async () => expect(await db.collection('checkpoints').countDocuments()).to.equal(1));
    await db.dropDatabase();
    // The next checkpoint finds nothing to replace: that is how the view learns its documents are gone.
    await placeAndWait('after-emptying');
    await eventually(
      async () => expect(await db.collection('bookings').countDocuments()).to.equal(documents + 1),
      10_000,
    );
    await projector.stop();
    const indexes = await db.collection('bookings').indexes();
    expect(indexes.map((index) => index.name)).to.include.members(['by_client', 'due_for_expiry']);
    expect(await db.collection('checkpoints').countDocuments()).to.equal(1);
  });
});
