// A store stopped under the running service: every request that needs it is a 503 problem with Retry-After, answered
// within seconds; readiness and /processes name the component and its state, never an address or a driver's text.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { getJson, postJson, type Answer } from '../support/http.js';
import { assertInvariants } from '../support/invariants.js';
import { startRestartableStores, type RestartableStores } from '../support/restartable-stores.js';
import { startTestService, type TestService } from '../support/service.js';
import { answerOnceBack, timed } from '../support/store-outage.js';

/** Well under what a client would wait; the drivers' own defaults were 10 to 30 s. */
const answeredWithinMs = 4_000;

function expectUnavailable(answer: Answer & { ms: number }, store: string): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(503);
  expect(answer.headers.get('retry-after')).to.match(/^\d+$/);
  expect(answer.headers.get('content-type')).to.include('application/problem+json');
  expect(answer.body).to.include({ code: 'StoreUnavailable', status: 503 });
  expect(answer.body.detail)
    .to.include(store)
    .and.not.match(/127\.0\.0\.1|ECONNREFUSED|:\d{2,5}/);
  expect(answer.ms).to.be.below(answeredWithinMs);
}

describe('a store down under the running service', function () {
  this.timeout(60_000);
  let stores: RestartableStores;
  let service: TestService;
  const clientId = `client-${randomUUID().slice(0, 8)}`;
  let bookingId: string;

  before(async () => {
    stores = await startRestartableStores();
    service = await startTestService({ servers: stores });
    const placed = await postJson(`${service.url}/clients/${clientId}/bookings`, {
      concertId: 'rock-night',
      seats: [{ row: 20, number: 1 }],
    });
    expect(placed.status).to.equal(201);
    bookingId = placed.body.bookingId;
  });
  after(async () => {
    await service?.stop();
    await stores?.dispose();
  });

  it('when EventStoreDB is stopped, then commands and stream reads are 503 StoreUnavailable with Retry-After, quickly', async () => {
    await stores.stopEventStore();
    expectUnavailable(await timed(() => getJson(`${service.url}/concerts/rock-night`)), 'EventStoreDB');
    expectUnavailable(
      await timed(() =>
        postJson(`${service.url}/clients/${clientId}/bookings`, {
          concertId: 'rock-night',
          seats: [{ row: 20, number: 2 }],
        }),
      ),
      'EventStoreDB',
    );
    expectUnavailable(
      await timed(() =>
        postJson(`${service.url}/clients/${clientId}/bookings/${bookingId}/cancel`, { reason: 'store test' }),
      ),
      'EventStoreDB',
    );
    expectUnavailable(
      await timed(() => postJson(`${service.url}/payments`, { paymentId: randomUUID(), bookingId, amount: 50000 })),
      'EventStoreDB',
    );
    expectUnavailable(await timed(() => getJson(`${service.url}/payments/${randomUUID()}`)), 'EventStoreDB');
  });

  it('when EventStoreDB is stopped, then /ready is 503 naming each component and its state, and /processes names failures', async () => {
    const ready = await timed(() => getJson(`${service.url}/ready`));
    expect(ready.status).to.equal(503);
    expect(ready.body.checks.eventstoredb).to.deep.equal({ ok: false, state: 'unavailable' });
    expect(ready.body.checks.mongodb).to.deep.equal({ ok: true, state: 'up' });
    expect(ready.body.checks['booking-confirmation'].state).to.be.oneOf(['resubscribing', 'subscribed']);
    expect(JSON.stringify(ready.body)).to.not.match(/127\.0\.0\.1|ECONNREFUSED|UNAVAILABLE:|esdb:\/\//);
    expect(ready.ms).to.be.below(answeredWithinMs);
    // It is the readiness document, not a problem, and /openapi.json says so for its 503.
    const mediaType = ready.headers.get('content-type')!.split(';')[0]!;
    expect(mediaType).to.equal('application/json');
    const documented = (await getJson(`${service.url}/openapi.json`)).body.paths['/ready'].get.responses['503'].content;
    expect(documented).to.have.property(mediaType);
    expect(documented[mediaType].schema.properties).to.have.property('checks');

    const report = await getJson(`${service.url}/processes`);
    expect(report.status).to.equal(200);
    expect(JSON.stringify(report.body)).to.not.match(/127\.0\.0\.1|ECONNREFUSED|UNAVAILABLE:|esdb:\/\//);
    for (const process of report.body.processes) expect(process.error).to.equal('EventStoreDBUnavailable');
    expect(service.logs.some((line) => line.level === 'warn' && String(line.error).includes('ECONNREFUSED'))).to.equal(
      true,
    );
  });

  it('when MongoDB is stopped as well, then the client list is 503 StoreUnavailable naming MongoDB, quickly', async () => {
    await stores.stopMongo();
    expectUnavailable(await timed(() => getJson(`${service.url}/clients/${clientId}/bookings`)), 'MongoDB');
    const ready = await getJson(`${service.url}/ready`);
    expect(ready.body.checks.mongodb).to.deep.equal({ ok: false, state: 'unavailable' });
  });

  it('when both stores are back, then the same requests succeed again', async () => {
    await stores.start();
    const concert = await answerOnceBack(`${service.url}/concerts/rock-night`);
    expect(concert.status).to.equal(200);
    // MongoDB came back empty: the view is rebuilt, and nothing acknowledged was lost or half done.
    await assertInvariants(service.client, service.db, {
      expirationIntervalMs: service.config.expirationCheckIntervalMs,
      timeoutMs: 20_000,
    });
  });
});
