// The view writer's lease and fencing token, on the real MongoDB driver against the embedded server: one holder per
// term, takeover after expiry or release, and a stale writer's checkpoint refused once its successor claimed it.
import { randomUUID } from 'node:crypto';
import { jsonEvent } from '@eventstore/db-client';
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { systemClock } from '../../src/core/clock.js';
import { NotReadyError } from '../../src/http/routes/health.js';
import { BookingCollection, ViewWriterFencedError } from '../../src/view/booking-collection.js';
import { MongoLease } from '../../src/view/view-lease.js';
import { ViewWriter } from '../../src/view/view-writer.js';
import { capturedLogger } from '../support/captured-logger.js';
import { startEmbeddedStores, type EmbeddedStores } from '../support/embedded-stores.js';
import { eventually } from '../support/eventually.js';

const checkpoint = (commit: number) => ({ commit: String(commit), prepare: String(commit) });
const now = () => new Date().toISOString();

describe('view lease', function () {
  this.timeout(30_000);
  let stores: EmbeddedStores;
  let name: string;

  before(async () => {
    stores = await startEmbeddedStores(`lease-${randomUUID().slice(0, 8)}`);
  });
  after(() => stores?.stop());
  beforeEach(() => {
    name = `lease-${randomUUID().slice(0, 8)}`;
  });

  it('when two instances campaign for a free lease, then exactly one holds it and the other is refused', async () => {
    const lease = new MongoLease(stores.db, name, 10_000);
    const [a, b] = await Promise.all([lease.tryAcquire('a'), lease.tryAcquire('b')]);
    expect([a, b].filter((token) => token !== null)).to.deep.equal([1]);
    expect((await lease.read())?.holder).to.equal(a === 1 ? 'a' : 'b');
  });

  it('when the holder stops renewing, then another takes it once it expired, with a higher token, and the old renewal is refused', async () => {
    let clock = Date.now();
    const lease = new MongoLease(stores.db, name, 1_000, () => new Date(clock));
    const first = await lease.tryAcquire('a');
    expect(await lease.tryAcquire('b')).to.equal(null);
    clock += 1_001;
    const second = await lease.tryAcquire('b');
    expect(second).to.equal(first! + 1);
    expect(await lease.renew('a', first!)).to.equal(null);
    expect(await lease.renew('b', second!)).to.be.an.instanceOf(Date);
  });

  it("when the lease is gone (the database emptied), then the holder's renewal puts it back with its token", async () => {
    const lease = new MongoLease(stores.db, name, 60_000);
    const token = await lease.tryAcquire('a');
    await stores.db.collection('leases').deleteOne({ _id: name as never });
    expect(await lease.renew('a', token!)).to.be.an.instanceOf(Date);
    expect(await lease.read()).to.include({ holder: 'a', token });
    expect(await lease.tryAcquire('b')).to.equal(null);
  });

  it('when the holder gives the lease back, then the next campaign takes it at once', async () => {
    const lease = new MongoLease(stores.db, name, 60_000);
    const token = await lease.tryAcquire('a');
    await lease.release('a', token!);
    expect(await lease.tryAcquire('b')).to.equal(token! + 1);
  });
});

describe('view fencing', function () {
  this.timeout(30_000);
  let stores: EmbeddedStores;

  beforeEach(async () => {
    stores = await startEmbeddedStores(`fence-${randomUUID().slice(0, 8)}`);
  });
  afterEach(() => stores?.stop());

  it("when a successor has claimed the checkpoint, then the stale writer's checkpoint write is refused and it is told", async () => {
    let told = 0;
    const stale = new BookingCollection(stores.db, { token: 1, onFenced: () => void told++ });
    expect(await stale.saveCheckpoint(checkpoint(10), now(), { replacing: false })).to.equal(true);

    const successor = new BookingCollection(stores.db, {
      token: 2,
      onFenced: () => expect.fail('the successor is not fenced'),
    });
    await successor.claimCheckpoint();
    expect(await successor.readCheckpoint()).to.deep.equal(checkpoint(10));

    let refused: unknown;
    await stale.saveCheckpoint(checkpoint(20), now(), { replacing: true }).catch((error: unknown) => (refused = error));
    expect(refused).to.be.an.instanceOf(ViewWriterFencedError).with.property('code', 'ViewWriterFenced');
    expect(told).to.equal(1);
    expect(await successor.saveCheckpoint(checkpoint(30), now(), { replacing: true })).to.equal(true);
    expect(await successor.readCheckpoint()).to.deep.equal(checkpoint(30));
  });

  it("when a stale writer's first checkpoint meets a later term's, then it is refused too (not created over it)", async () => {
    const successor = new BookingCollection(stores.db, { token: 5, onFenced: () => undefined });
    await successor.saveCheckpoint(checkpoint(50), now(), { replacing: false });
    const stale = new BookingCollection(stores.db, { token: 4, onFenced: () => undefined });
    let refused: unknown;
    await stale
      .saveCheckpoint(checkpoint(60), now(), { replacing: false })
      .catch((error: unknown) => (refused = error));
    expect(refused).to.be.an.instanceOf(ViewWriterFencedError);
    expect(await successor.readCheckpoint()).to.deep.equal(checkpoint(50));
  });

  it('when a claim finds a later term already there, then the claimer is fenced before it reads anything', async () => {
    await new BookingCollection(stores.db, { token: 7, onFenced: () => undefined }).saveCheckpoint(
      checkpoint(1),
      now(),
      { replacing: false },
    );
    let refused: unknown;
    await new BookingCollection(stores.db, { token: 6, onFenced: () => undefined })
      .claimCheckpoint()
      .catch((error: unknown) => (refused = error));
    expect(refused).to.be.an.instanceOf(ViewWriterFencedError);
  });

  it('when the checkpoint vanished (the database emptied), then a fenced writer reports it gone, not fenced', async () => {
    const writer = new BookingCollection(stores.db, { token: 3, onFenced: () => expect.fail('not fenced') });
    await writer.saveCheckpoint(checkpoint(5), now(), { replacing: false });
    await stores.db.dropDatabase();
    expect(await writer.saveCheckpoint(checkpoint(6), now(), { replacing: true })).to.equal(false);
  });
});

describe('view writer', function () {
  this.timeout(30_000);
  let stores: EmbeddedStores;
  const writers: ViewWriter[] = [];
  const start = async (instanceId: string, candidate = true) => {
    const writer = new ViewWriter(stores.client, stores.db, systemClock, capturedLogger('warn').logger, {
      instanceId,
      leaseMs: 600,
      candidate,
    });
    writers.push(writer);
    await writer.start();
    return writer;
  };
  const place = (bookingId: string) =>
    stores.client.appendToStream(`booking-${bookingId}`, [
      jsonEvent({
        type: 'BookingPlaced',
        data: {
          bookingId,
          clientId: 'alice',
          concertId: 'rock-night',
          seats: [{ row: 1, number: 1 }],
          placedAt: new Date().toISOString(),
        },
      }),
    ]);
  const viewed = async (bookingId: string) => (await stores.db.collection('bookings').findOne({ bookingId }))?.status;

  beforeEach(async () => {
    stores = await startEmbeddedStores(`writer-${randomUUID().slice(0, 8)}`);
  });
  afterEach(async () => {
    await Promise.all(writers.splice(0).map((writer) => writer.stop()));
    await stores?.stop();
  });

  it('when several instances run the view role, then exactly one writes it, and every instance names that one', async () => {
    const [a, b, observer] = [await start('a'), await start('b'), await start('watcher', false)];
    expect([a.writer().here, b.writer().here]).to.deep.equal([true, false]);
    await eventually(async () => expect(b.writer()).to.include({ instance: 'a', here: false }));
    await eventually(async () => expect(observer.writer()).to.include({ instance: 'a', here: false }));
    await place('b-1');
    await eventually(async () => expect(await viewed('b-1')).to.equal('AwaitingConfirmation'));
  });

  it('when the writer stops, then another instance takes the lease within a lease period and the view goes on from its checkpoint', async () => {
    const a = await start('a');
    const b = await start('b');
    await place('b-2');
    await eventually(async () => expect(await viewed('b-2')).to.equal('AwaitingConfirmation'));
    const before = a.writer().token!;
    await a.stop();
    await eventually(async () => expect(b.writer()).to.include({ instance: 'b', here: true }), 2_000);
    expect(b.writer().token).to.be.greaterThan(before);
    await place('b-3');
    await eventually(async () => expect(await viewed('b-3')).to.equal('AwaitingConfirmation'));
  });

  it('when another instance took the lease while the writer was paused, then the writer stops writing and is no longer subscribed', async () => {
    const a = await start('a');
    // What a successor does after the lease expired under a paused writer: a new term, and the checkpoint claimed.
    const future = new MongoLease(stores.db, 'booking-view', 600, () => new Date(Date.now() + 60_000));
    const token = await future.tryAcquire('successor');
    await new BookingCollection(stores.db, { token: token!, onFenced: () => undefined }).claimCheckpoint();
    await place('b-4');
    await eventually(async () => expect(a.writer()).to.include({ here: false, instance: 'successor' }), 3_000);
    expect(a.status().subscribed).to.equal(false);
  });

  it('when the writer cannot reach MongoDB to renew, then it stops writing once its lease ran out, and another takes over', async () => {
    // A client of its own to cut: the same server, reached on its own connections.
    const ownClient = await new MongoClient(
      `mongodb://${String(stores.db.client.options.hosts[0])}/?directConnection=true`,
    ).connect();
    const cutOff = new ViewWriter(
      stores.client,
      ownClient.db(stores.db.databaseName),
      systemClock,
      capturedLogger('error').logger,
      {
        instanceId: 'cut-off',
        leaseMs: 600,
        candidate: true,
      },
    );
    await cutOff.start();
    expect(cutOff.writer().here).to.equal(true);
    const other = await start('other');
    await ownClient.close();
    await eventually(async () => expect(cutOff.writer().here).to.equal(false), 10_000);
    await eventually(async () => expect(other.writer()).to.include({ instance: 'other', here: true }), 10_000);
    await cutOff.stop();
  });

  it('when no instance with the view role holds the lease, then readiness says so; when another holds it, the observer is on standby', async () => {
    const observer = await start('watcher', false);
    let refused: unknown;
    await observer.check().catch((error: unknown) => (refused = error));
    expect(refused).to.be.an.instanceOf(NotReadyError).with.property('state', 'no writer');
    await start('writer');
    await eventually(async () => expect(await observer.check()).to.equal('standby'));
  });
});
