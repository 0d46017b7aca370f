// Optimistic concurrency at the HTTP edge: a booking's or payment's ETag is its stream revision, and a cancel sent
// with If-Match is appended only right after that revision; a stale one is a 412 and writes nothing.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { signPayment } from '../../src/auth/payment-signature.js';
import { aggregateHandlers } from '../../src/eventstore/aggregate-handlers.js';
import { withBatchingAndCache } from '../../src/eventstore/batching-command-handler.js';
import { createCommandHandler } from '../../src/eventstore/command-handler.js';
import { PreconditionFailedError } from '../../src/eventstore/errors.js';
import { BookingDriver, seats } from '../processes/booking-driver.js';
import { testSecrets } from '../support/credentials.js';
import { getJson, postJson, request } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('ETag and If-Match', () => {
  let service: TestService;
  const driver = new BookingDriver(() => service.url);
  let row = 0;
  before(async () => {
    service = await startTestService();
  });
  after(async () => {
    await service.stop();
  });

  const bookingUrl = (bookingId: string) => `${service.url}/clients/alice/bookings/${bookingId}`;
  const cancel = (bookingId: string, headers: Record<string, string> = {}) =>
    postJson(`${bookingUrl(bookingId)}/cancel`, { reason: 'plans changed' }, headers);

  /** A booking placed and confirmed (revision 1). */
  async function confirmedBooking(): Promise<string> {
    row += 1;
    const bookingId = await driver.place('alice', 'jazz-evening', seats(row, 40));
    await driver.until('alice', bookingId, ['Confirmed']);
    return bookingId;
  }

  it('when a booking is placed, then the 201 carries ETag "0"; when it is read, the ETag is the revision the document reflects', async () => {
    const bookingId = unique('etag');
    const placed = await postJson(`${service.url}/clients/alice/bookings`, {
      bookingId,
      concertId: 'jazz-evening',
      seats: seats(20, 1),
    });
    expect(placed.headers.get('etag')).to.equal('"0"');
    await driver.until('alice', bookingId, ['Confirmed']);
    const read = await getJson(bookingUrl(bookingId));
    expect(read.body.version).to.equal(1);
    expect(read.headers.get('etag')).to.equal('"1"');
  });

  it('when an answer is not a booking or a payment, then it carries no ETag: nothing a client could mistake for a revision, nor send back for a 304 the OpenAPI document does not list', async () => {
    const list = await getJson(`${service.url}/clients/alice/bookings`);
    const concerts = await getJson(`${service.url}/concerts`);
    const refused = await cancel('no-such-booking');
    expect(refused.status).to.equal(404);
    for (const answer of [list, concerts, refused]) expect(answer.headers.get('etag')).to.equal(null);
  });

  it('when a read sends If-None-Match with the current ETag, then 304 Not Modified', async () => {
    const bookingId = await confirmedBooking();
    // fetch adds Cache-Control: no-cache to a conditional request unless one is given, and no-cache means "never 304".
    const answer = await getJson(bookingUrl(bookingId), { 'if-none-match': '"1"', 'cache-control': 'max-age=0' });
    expect(answer.status).to.equal(304);
  });

  it('when a cancel carries If-Match with the current ETag, then it is appended and the answer carries the next ETag', async () => {
    const bookingId = await confirmedBooking();
    const answer = await cancel(bookingId, { 'if-match': '"1"' });
    expect(answer.status).to.equal(200);
    expect(answer.body).to.include({ status: 'Cancelled', version: 2 });
    expect(answer.headers.get('etag')).to.equal('"2"');
  });

  it('when a cancel carries a stale If-Match, then 412 PreconditionFailed with the current ETag, and nothing is written', async () => {
    const bookingId = await confirmedBooking();
    const answer = await cancel(bookingId, { 'if-match': '"0"' });
    expect(answer.status).to.equal(412);
    expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(answer.body).to.include({ code: 'PreconditionFailed', title: 'Precondition failed' });
    expect(answer.headers.get('etag')).to.equal('"1"');
    const { revision, state } = await service.aggregates.bookings.load(bookingId);
    expect(revision).to.equal(1n);
    expect(state.status).to.equal('Confirmed');
  });

  it('when two cancels race with the same If-Match, then exactly one is appended and the other gets 412', async () => {
    const bookingId = await confirmedBooking();
    const answers = await Promise.all([
      cancel(bookingId, { 'if-match': '"1"' }),
      cancel(bookingId, { 'if-match': '"1"' }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).to.deep.equal([200, 412]);
  });

  it('when a cancel has no If-Match, or If-Match: *, then it behaves as before: a repeat is a no-op', async () => {
    const bookingId = await confirmedBooking();
    expect((await cancel(bookingId)).body).to.include({ status: 'Cancelled', version: 2 });
    const again = await cancel(bookingId, { 'if-match': '*' });
    expect(again.status).to.equal(200);
    expect(again.body).to.include({ status: 'Cancelled', version: 2 });
  });

  it('when If-Match is not one strong entity tag, then 400 naming header.if-match; a weak one never matches (412)', async () => {
    const bookingId = await confirmedBooking();
    for (const header of ['1', '"one"', '"1", "2"', '"-1"']) {
      const answer = await cancel(bookingId, { 'if-match': header });
      expect(answer.status, header).to.equal(400);
      expect(answer.body.errors.map((error: { field: string }) => error.field)).to.deep.equal(['header.if-match']);
    }
    expect((await cancel(bookingId, { 'if-match': 'W/"1"' })).status).to.equal(412);
    expect((await getJson(bookingUrl(bookingId))).body.status).to.equal('Confirmed');
  });

  it('when a payment is recorded and read, then both answers carry its revision as ETag', async () => {
    const bookingId = await confirmedBooking();
    const paymentId = unique('pay');
    const body = JSON.stringify({ paymentId, bookingId, amount: 50000 });
    const recorded = await request(`${service.url}/payments`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        'payment-signature': signPayment(testSecrets.paymentWebhookSecret, body, Date.now() / 1000),
      },
    });
    expect(recorded.headers.get('etag')).to.equal('"0"');
    const read = await getJson(`${service.url}/payments/${paymentId}`);
    expect(read.headers.get('etag')).to.match(/^"\d+"$/);
  });

  for (const [layer, make] of [
    ['the core', () => createCommandHandler(service.client)],
    ['the batching layer', () => withBatchingAndCache(createCommandHandler(service.client), service.client)],
  ] as const) {
    it(`when ${layer} is given an expected revision, then it appends only at that revision and refuses any other`, async () => {
      const bookingId = await confirmedBooking();
      const bookings = aggregateHandlers(make()).bookings;
      const cancel = { type: 'CancelBooking' as const, data: { reason: 'plans changed', now: new Date() } };
      const context = { correlationId: bookingId, causationId: randomUUID() };
      let refused: unknown;
      await bookings
        .handle(bookingId, cancel, context, { expectedRevision: 0n })
        .catch((error: unknown) => (refused = error));
      expect(refused).to.be.instanceOf(PreconditionFailedError);
      expect(refused).to.include({ expectedRevision: 0n, currentRevision: 1n });
      const done = await bookings.handle(bookingId, cancel, context, { expectedRevision: 1n });
      expect(done.revision).to.equal(2n);
      expect(done.state.status).to.equal('Cancelled');
    });
  }

  it('when /openapi.json is read, then the cancel takes If-Match and may answer 412, and the reads declare their ETag', async () => {
    const { body } = await getJson(`${service.url}/openapi.json`);
    const cancelOperation = body.paths['/clients/{clientId}/bookings/{bookingId}/cancel'].post;
    expect(
      cancelOperation.parameters.map((parameter: { name: string; in: string }) => `${parameter.in}:${parameter.name}`),
    ).to.include('header:If-Match');
    expect(cancelOperation.responses).to.have.property('412');
    expect(body.paths['/clients/{clientId}/bookings/{bookingId}'].get.responses['200'].headers).to.have.property(
      'ETag',
    );
    expect(body.paths['/payments/{paymentId}'].get.responses['200'].headers).to.have.property('ETag');
  });
});
