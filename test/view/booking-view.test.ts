// The booking view over HTTP and in MongoDB: paging, filters, another client's booking, revision guard, rebuild from the event store.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually } from '../support/eventually.js';
import { getJson } from '../support/http.js';
import { assertInvariants } from '../support/invariants.js';
import { startTestService, type TestService } from '../support/service.js';
import { processesReportSchema } from '../../src/processes/processes-report-schema.js';
import { BookingCollection } from '../../src/view/booking-collection.js';
import type { BookingDocument } from '../../src/view/booking-document.js';
import { BookingDriver, seats, type BookingDoc } from '../processes/booking-driver.js';

const expirationCheckIntervalMs = 200;

describe('booking view', function () {
  this.timeout(60_000);
  let service: TestService;
  const driver = new BookingDriver(() => service.url);
  const olga = `client-${randomUUID().slice(0, 8)}`;
  const placed: string[] = [];

  before(async () => {
    service = await startTestService({ config: { expirationCheckIntervalMs } });
    for (let number = 1; number <= 5; number++) placed.push(await driver.place(olga, 'rock-night', seats(15, number)));
    for (const bookingId of placed) await driver.until(olga, bookingId, ['Confirmed']);
    await driver.cancel(olga, placed[0]!);
    await driver.until(olga, placed[0]!, ['Cancelled']);
  });
  after(() => service?.stop());
  afterEach(() =>
    assertInvariants(service.client, service.db, {
      expirationIntervalMs: expirationCheckIntervalMs,
      clock: service.clock,
    }),
  );

  const list = async (query: string) =>
    (await getJson<{ items: BookingDoc[]; next: string | null }>(`${service.url}/clients/${olga}/bookings${query}`))
      .body;

  it('when a client pages through its bookings, then every booking comes once, newest first', async () => {
    const seen: string[] = [];
    let page = await list('?limit=2');
    seen.push(...page.items.map((item) => item.bookingId));
    while (page.next) {
      page = await list(`?limit=2&after=${page.next}`);
      seen.push(...page.items.map((item) => item.bookingId));
    }
    expect(seen).to.have.members(placed);
    expect(seen).to.have.length(placed.length);
    const times = (await list('?limit=100')).items.map((item) => (item as unknown as { placedAt: string }).placedAt);
    expect(times).to.deep.equal([...times].sort().reverse());
  });

  it('when the list is filtered by status, then only bookings in that status come back', async () => {
    const cancelled = await list('?status=Cancelled');
    expect(cancelled.items.map((item) => item.bookingId)).to.deep.equal([placed[0]]);
    expect((await list('?status=Confirmed')).items).to.have.length(4);
  });

  it('when the cursor is not one the API gave, then the answer is a 400 naming `after`', async () => {
    const answer = await getJson(`${service.url}/clients/${olga}/bookings?after=garbage`);
    expect(answer.status).to.equal(400);
    expect(JSON.stringify(answer.body.errors)).to.contain('after');
  });

  it('when another client asks for a booking, then it is a 404', async () => {
    const answer = await getJson(`${service.url}/clients/someone-else/bookings/${placed[1]}`);
    expect(answer.status).to.equal(404);
    expect((await getJson(`${service.url}/clients/${olga}/bookings/${placed[1]}`)).body.status).to.equal('Confirmed');
  });

  it('when an older revision of a booking is written, then the newer document stays', async () => {
    const collection = new BookingCollection(service.db);
    const current = (await collection.load([placed[0]!])).get(placed[0]!) as BookingDocument;
    await collection.save([{ ...current, status: 'AwaitingConfirmation', version: 0 }]);
    await collection.save([{ ...current, status: 'AwaitingConfirmation', version: current.version }]);
    expect((await collection.load([placed[0]!])).get(placed[0]!)).to.deep.equal(current);
  });

  it('when the MongoDB database is emptied, then a restart rebuilds the view from the event store', async () => {
    const before = (await list('?limit=100')).items;
    await service.db.dropDatabase();
    await service.restart();
    await eventually(
      async () =>
        expect(
          (await list('?limit=100')).items.map(({ updatedAt: _u, ...doc }: BookingDoc & { updatedAt?: string }) => doc),
        ).to.deep.equal(before.map(({ updatedAt: _u, ...doc }: BookingDoc & { updatedAt?: string }) => doc)),
      10_000,
    );
    const indexes = await service.db.collection('bookings').indexes();
    expect(indexes.map((index) => index.name)).to.include.members(['by_client', 'due_for_expiry']);
  });

  it('when GET /processes is asked once all is handled, then each process has nothing waiting or in flight and the view no lag', async () => {
    await eventually(async () => {
      const report = (await getJson(`${service.url}/processes`)).body;
      expect(report.view).to.include({ lag: 0, lastError: null });
      expect(report.view.checkpoint).to.be.a('string');
      expect(report.processes.map((process: { name: string }) => process.name)).to.deep.equal([
        'booking-confirmation',
        'booking-payment',
        'ticket-release',
      ]);
      for (const process of report.processes) {
        expect(process).to.include({ status: 'Live', waiting: 0, inFlight: 0, parked: 0, consumers: 1 });
        expect(process.subscription.subscribed).to.equal(true);
      }
      expect(report.processes[0].lastEvent).to.equal(placed.length - 1);
      // Ticket release reads $all through a filter on the two types that free seats: positions, not revisions.
      expect(report.processes[2].subscription).to.deep.include({
        stream: '$all',
        eventTypes: ['BookingExpired', 'BookingCancelled'],
      });
      expect(report.processes[2].lastPosition).to.satisfy(
        (position: string | null) => position === null || /^\d+$/.test(position),
      );
      expect(processesReportSchema.safeParse(report).success).to.equal(true);
    });
  });

  it('when the OpenAPI document is read, then it describes GET /processes with the report schema', async () => {
    const document = (await getJson(`${service.url}/openapi.json`)).body;
    const operation = document.paths['/processes'].get;
    expect(operation.summary).to.match(/process manager/);
    expect(JSON.stringify(operation.responses['200'])).to.contain('waiting');
  });
});
