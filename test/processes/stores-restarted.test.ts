// The stores restarted under a running service, with no booking after: the view notices its read model vanished,
// rebuilds it, answers 503 rather than a partial list meanwhile, and the expirer then expires what is due.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually } from '../support/eventually.js';
import { getJson } from '../support/http.js';
import { assertInvariants } from '../support/invariants.js';
import { startRestartableStores, type RestartableStores } from '../support/restartable-stores.js';
import { startTestService, type TestService } from '../support/service.js';
import { BookingDriver, seats } from './booking-driver.js';

const expirationCheckIntervalMs = 200;

describe('stores restarted under a running service', function () {
  this.timeout(90_000);
  let stores: RestartableStores;
  let service: TestService;
  const driver = new BookingDriver(() => service.url);

  before(async () => {
    stores = await startRestartableStores();
    service = await startTestService({
      servers: stores,
      config: { expirationCheckIntervalMs, reservationHoldSeconds: 4 },
      dependencies: { processes: { viewVerifyEveryMs: 200 } },
    });
  });
  after(async () => {
    await service?.stop();
    await stores?.dispose();
  });

  it('when MongoDB comes back empty and no booking follows, then the list is never partial, becomes complete, and due bookings expire', async () => {
    const clientId = `client-${randomUUID().slice(0, 8)}`;
    const bookingIds = [];
    for (const number of [1, 2, 3, 4, 5, 6])
      bookingIds.push(await driver.place(clientId, 'rock-night', seats(12, number)));
    for (const bookingId of bookingIds) await driver.until(clientId, bookingId, ['Confirmed']);

    await stores.stopEventStore();
    await stores.stopMongo();
    await stores.start();

    // Every answer while the view is rebuilt is either the whole list or a 503 saying why; never a shorter list.
    const seen = new Set<string>();
    await eventually(
      async () => {
        const answer = await getJson(`${service.url}/clients/${clientId}/bookings?limit=100`);
        seen.add(answer.status === 200 ? `200:${answer.body.items.length}` : `${answer.status}:${answer.body.code}`);
        expect(answer.status).to.equal(200);
        expect(answer.body.items).to.have.length(6);
      },
      30_000,
      20,
    );
    expect([...seen].filter((outcome) => outcome.startsWith('200:') && outcome !== '200:6')).to.deep.equal([]);
    for (const outcome of seen) expect(outcome).to.be.oneOf(['200:6', '503:ViewIncomplete', '503:StoreUnavailable']);

    for (const bookingId of bookingIds) await driver.until(clientId, bookingId, ['Expired'], 20_000);
    expect(service.logs.some((line) => String(line.message).startsWith('booking view checkpoint vanished'))).to.equal(
      true,
    );
    const report = await getJson(`${service.url}/processes`);
    expect(report.body.view).to.include({ state: 'live', rebuilding: false });
    expect(report.body.expiration.expired).to.be.at.least(6);
    await assertInvariants(service.client, service.db, {
      expirationIntervalMs: expirationCheckIntervalMs,
      timeoutMs: 20_000,
    });
  });

  it('when the view database is dropped while nothing happens, then the idle check finds the checkpoint gone, rebuilds, and due bookings expire', async () => {
    const clientId = `client-${randomUUID().slice(0, 8)}`;
    const bookingIds = [];
    for (const number of [1, 2, 3]) bookingIds.push(await driver.place(clientId, 'jazz-evening', seats(13, number)));
    for (const bookingId of bookingIds) await driver.until(clientId, bookingId, ['Confirmed']);
    // Let the checkpoint be written, then empty the database: no event follows, and no client asks for a list.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const vanishedBefore = service.logs.filter((line) =>
      String(line.message).startsWith('booking view checkpoint vanished'),
    ).length;
    await service.db.dropDatabase();

    await eventually(async () => {
      const vanished = service.logs.filter((line) =>
        String(line.message).startsWith('booking view checkpoint vanished'),
      ).length;
      expect(vanished).to.equal(vanishedBefore + 1);
    }, 10_000);
    for (const bookingId of bookingIds) {
      await eventually(
        async () => {
          const types: string[] = [];
          for await (const { event } of service.client.readStream(`booking-${bookingId}`))
            if (event) types.push(event.type);
          expect(types).to.include('BookingExpired');
        },
        20_000,
        100,
      );
    }
    const list = await getJson(`${service.url}/clients/${clientId}/bookings`);
    expect(list.body.items.map((item: { status: string }) => item.status)).to.deep.equal([
      'Expired',
      'Expired',
      'Expired',
    ]);
    await assertInvariants(service.client, service.db, {
      expirationIntervalMs: expirationCheckIntervalMs,
      timeoutMs: 20_000,
    });
  });
});
