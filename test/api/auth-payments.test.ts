// The payment provider's notifications are signed: POST /payments needs Payment-Signature, an HMAC-SHA256 of
// "<t>.<raw body>" with PAYMENT_WEBHOOK_SECRET, at most 5 minutes from the service's clock. Anything else is a 401
// and records nothing, so nobody can claim a payment id before the provider reports it.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { signPayment } from '../../src/auth/payment-signature.js';
import { testSecrets } from '../support/credentials.js';
import { getJson, postJson, request, type Answer } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('payment provider signatures', () => {
  let service: TestService;
  let bookingId: string;
  before(async () => {
    service = await startTestService();
    bookingId = unique('b');
    expect(
      (
        await postJson(`${service.url}/clients/alice/bookings`, {
          concertId: 'jazz-evening',
          seats: [{ row: 28, number: 3 }],
          bookingId,
        })
      ).status,
    ).to.equal(201);
  });
  after(async () => {
    await service.stop();
  });

  /** Sends `body` exactly as given, with the signature header given (or none). */
  const send = (body: string, signature?: string) =>
    request(
      `${service.url}/payments`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature !== undefined ? { 'payment-signature': signature } : {}),
        },
        body,
      },
      { credentials: 'none' },
    );
  const bodyFor = (paymentId: string) => JSON.stringify({ paymentId, bookingId, amount: 30000 });

  async function expectRefusedAndNothingRecorded(answer: Answer, paymentId: string): Promise<void> {
    expect(answer.status, JSON.stringify(answer.body)).to.equal(401);
    expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(answer.body.code).to.equal('InvalidPaymentSignature');
    expect(answer.headers.get('www-authenticate')).to.match(/^Payment-Signature realm="payments"/);
    expect((await getJson(`${service.url}/payments/${paymentId}`)).status).to.equal(404);
  }

  it('when the body is signed with the secret just now, then the payment is recorded', async () => {
    const paymentId = unique('p');
    const body = bodyFor(paymentId);
    const answer = await send(body, signPayment(testSecrets.paymentWebhookSecret, body, nowSeconds()));
    expect(answer.status).to.equal(201);
  });

  it('when the signature is four minutes old, then it is still accepted (within the 5 minutes)', async () => {
    const body = bodyFor(unique('p'));
    expect((await send(body, signPayment(testSecrets.paymentWebhookSecret, body, nowSeconds() - 240))).status).to.equal(
      201,
    );
  });

  it('when there is no Payment-Signature, then 401 and nothing is recorded', async () => {
    const paymentId = unique('p');
    await expectRefusedAndNothingRecorded(await send(bodyFor(paymentId)), paymentId);
  });

  it('when the signature is made with another secret, then 401 and nothing is recorded', async () => {
    const paymentId = unique('p');
    const body = bodyFor(paymentId);
    await expectRefusedAndNothingRecorded(
      await send(body, signPayment('not-the-webhook-secret-0123456789abcdef', body, nowSeconds())),
      paymentId,
    );
  });

  it('when the body was changed after signing (another amount), then 401 and nothing is recorded', async () => {
    const paymentId = unique('p');
    const signed = signPayment(testSecrets.paymentWebhookSecret, bodyFor(paymentId), nowSeconds());
    await expectRefusedAndNothingRecorded(
      await send(JSON.stringify({ paymentId, bookingId, amount: 1 }), signed),
      paymentId,
    );
  });

  it('when the same body is re-serialised (whitespace), then the signature no longer matches: it covers the raw bytes', async () => {
    const paymentId = unique('p');
    const body = bodyFor(paymentId);
    await expectRefusedAndNothingRecorded(
      await send(
        JSON.stringify(JSON.parse(body), null, 2),
        signPayment(testSecrets.paymentWebhookSecret, body, nowSeconds()),
      ),
      paymentId,
    );
  });

  it('when the signature is over 5 minutes old, then 401 (stale) and nothing is recorded', async () => {
    const paymentId = unique('p');
    const body = bodyFor(paymentId);
    const answer = await send(body, signPayment(testSecrets.paymentWebhookSecret, body, nowSeconds() - 301));
    await expectRefusedAndNothingRecorded(answer, paymentId);
    expect(answer.body.detail).to.include('300 s');
  });

  it('when the signature is dated over 5 minutes ahead, then 401 as well', async () => {
    const paymentId = unique('p');
    const body = bodyFor(paymentId);
    await expectRefusedAndNothingRecorded(
      await send(body, signPayment(testSecrets.paymentWebhookSecret, body, nowSeconds() + 301)),
      paymentId,
    );
  });

  it('when the timestamp is changed to a fresh one, then the signature no longer matches', async () => {
    const paymentId = unique('p');
    const body = bodyFor(paymentId);
    const old = signPayment(testSecrets.paymentWebhookSecret, body, nowSeconds() - 3600);
    await expectRefusedAndNothingRecorded(await send(body, old.replace(/^t=\d+/, `t=${nowSeconds()}`)), paymentId);
  });

  for (const [what, header] of [
    ['empty', ''],
    ['without a timestamp', `v1=${'a'.repeat(64)}`],
    ['without v1', `t=${Math.floor(Date.now() / 1000)}`],
    ['with a short v1', `t=${Math.floor(Date.now() / 1000)},v1=abcd`],
    ['in another scheme', 'sha256=abcdef'],
  ] as const) {
    it(`when the header is malformed (${what}), then 401 and nothing is recorded`, async () => {
      const paymentId = unique('p');
      await expectRefusedAndNothingRecorded(await send(bodyFor(paymentId), header), paymentId);
    });
  }

  it('when the provider sends two v1 signatures while rotating its secret, then one valid one is enough', async () => {
    const body = bodyFor(unique('p'));
    const t = nowSeconds();
    const old = signPayment('the-previous-webhook-secret-0123456789', body, t).split(',')[1];
    const current = signPayment(testSecrets.paymentWebhookSecret, body, t);
    expect((await send(body, `${current},${old}`)).status).to.equal(201);
  });

  it("when the service's domain clock is moved 20 minutes ahead, then a signature made now is still fresh: signatures age in real time", async () => {
    service.clock.advance(20 * 60_000);
    const body = bodyFor(unique('p'));
    expect((await send(body, signPayment(testSecrets.paymentWebhookSecret, body, nowSeconds()))).status).to.equal(201);
  });

  it('when a payment is read back without the operator token, then 401: payments are read by operators', async () => {
    const paymentId = unique('p');
    const body = bodyFor(paymentId);
    expect((await send(body, signPayment(testSecrets.paymentWebhookSecret, body, nowSeconds()))).status).to.equal(201);
    expect((await getJson(`${service.url}/payments/${paymentId}`, {}, { credentials: 'none' })).status).to.equal(401);
    expect((await getJson(`${service.url}/payments/${paymentId}`)).status).to.equal(200);
  });
});
