// The payment endpoints: recording is idempotent by paymentId, conflicting data is refused, reads show the status.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { paymentStream } from '../../src/payments/stream.js';
import { getJson, postJson } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

describe('payments API', () => {
  let service: TestService;
  let bookingId: string;
  before(async () => {
    service = await startTestService();
    bookingId = unique('b');
    const placed = await postJson(`${service.url}/clients/alice/bookings`, {
      concertId: 'rock-night',
      seats: [{ row: 25, number: 25 }],
      bookingId,
    });
    expect(placed.status).to.equal(201);
  });
  after(async () => {
    await service.stop();
  });

  const pay = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    postJson(`${service.url}/payments`, body, headers);

  it('when a payment is recorded, then 201 Succeeded with its Location, and it reads back', async () => {
    const paymentId = unique('p');
    const answer = await pay({ paymentId, bookingId, amount: 30000 });
    expect(answer.status).to.equal(201);
    expect(answer.body).to.deep.equal({ paymentId, status: 'Succeeded' });
    expect(answer.headers.get('location')).to.equal(`/payments/${paymentId}`);
    const read = await getJson(`${service.url}/payments/${paymentId}`);
    expect(read.status).to.equal(200);
    expect(read.body).to.include({ paymentId, bookingId, amount: 30000 });
    expect(read.body.status).to.be.oneOf(['Succeeded', 'Refunded']);
  });

  it('when the same payment is reported twice, then the same answer and one PaymentSucceeded', async () => {
    const paymentId = unique('p');
    const first = await pay({ paymentId, bookingId, amount: 30000 });
    const again = await pay({ paymentId, bookingId, amount: 30000 });
    expect(again.status).to.equal(201);
    expect(again.body.paymentId).to.equal(first.body.paymentId);
    const types = [];
    for await (const resolved of service.client.readStream(paymentStream(paymentId))) types.push(resolved.event?.type);
    expect(types.filter((type) => type === 'PaymentSucceeded')).to.have.length(1);
  });

  it('when a payment id is reused with another amount, then 409 PaymentAlreadyRecorded', async () => {
    const paymentId = unique('p');
    await pay({ paymentId, bookingId, amount: 30000 });
    const answer = await pay({ paymentId, bookingId, amount: 1 });
    expect(answer.status).to.equal(409);
    expect(answer.body.code).to.equal('PaymentAlreadyRecorded');
  });

  it('when the booking does not exist, then 404 BookingNotFound and nothing is recorded', async () => {
    const paymentId = unique('p');
    const answer = await pay({ paymentId, bookingId: unique('missing'), amount: 30000 });
    expect(answer.status).to.equal(404);
    expect(answer.body.code).to.equal('BookingNotFound');
    expect((await getJson(`${service.url}/payments/${paymentId}`)).status).to.equal(404);
  });

  it('when a payment is recorded, then its event is correlated with the booking and caused by the request', async () => {
    const paymentId = unique('p');
    await pay({ paymentId, bookingId, amount: 30000 }, { 'X-Request-Id': 'req-pay-1' });
    const metadata = [];
    for await (const resolved of service.client.readStream(paymentStream(paymentId), { maxCount: 1 }))
      metadata.push(resolved.event?.metadata);
    expect(metadata).to.deep.equal([{ $correlationId: bookingId, $causationId: 'req-pay-1' }]);
  });

  it('when an unknown payment is read, then 404 PaymentNotFound', async () => {
    const answer = await getJson(`${service.url}/payments/${unique('p')}`);
    expect(answer.status).to.equal(404);
    expect(answer.body.code).to.equal('PaymentNotFound');
  });
});
