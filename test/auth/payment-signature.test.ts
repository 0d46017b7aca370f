// The payment signature on its own: what makes a Payment-Signature header acceptable, as pure functions of the
// secret, the header, the raw body and the clock.
import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { checkPaymentSignature, signPayment } from '../../src/auth/payment-signature.js';

const secret = 'a-webhook-secret-for-these-tests-0123456789';
const body = '{"paymentId":"p1","bookingId":"b1","amount":100}';
const t = 1_800_000_000;

describe('payment signature', () => {
  it('when signed, then the header is t=<seconds>,v1=<64 hex digits> and checks out at that time', () => {
    const header = signPayment(secret, body, t + 0.9);
    expect(header).to.match(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(checkPaymentSignature(secret, header, body, t)).to.deep.equal({ ok: true });
    expect(checkPaymentSignature(secret, header, Buffer.from(body), t)).to.deep.equal({ ok: true });
  });

  it('when the clock is exactly 300 s away, then it is accepted; at 301 s, in either direction, it is stale', () => {
    const header = signPayment(secret, body, t);
    expect(checkPaymentSignature(secret, header, body, t + 300).ok).to.equal(true);
    expect(checkPaymentSignature(secret, header, body, t - 300).ok).to.equal(true);
    for (const now of [t + 301, t - 301]) {
      const check = checkPaymentSignature(secret, header, body, now);
      expect(check.ok).to.equal(false);
      expect(check.ok ? '' : check.reason).to.include('300 s');
    }
  });

  it('when the signature is in upper-case hex or the parts have spaces, then it still checks out', () => {
    const [time, v1] = signPayment(secret, body, t).split(',');
    expect(checkPaymentSignature(secret, `${time}, v1=${v1!.slice(3).toUpperCase()}`, body, t).ok).to.equal(true);
  });

  it('when anything differs (secret, body, timestamp, a byte of the signature), then it does not', () => {
    const header = signPayment(secret, body, t);
    expect(checkPaymentSignature(`${secret}x`, header, body, t).ok).to.equal(false);
    expect(checkPaymentSignature(secret, header, `${body} `, t).ok).to.equal(false);
    expect(checkPaymentSignature(secret, header.replace(`t=${t}`, `t=${t + 1}`), body, t).ok).to.equal(false);
    const flipped = header.replace(/.$/, (last) => (last === '0' ? '1' : '0'));
    expect(checkPaymentSignature(secret, flipped, body, t).ok).to.equal(false);
  });

  it('when the header is missing or malformed, then the reason says which', () => {
    const reason = (header: string | undefined) => {
      const check = checkPaymentSignature(secret, header, body, t);
      return check.ok ? 'ok' : check.reason;
    };
    expect(reason(undefined)).to.include('missing');
    expect(reason('  ')).to.include('missing');
    expect(reason('t=abc,v1=00')).to.include('not t=<unix seconds>');
    expect(reason(`t=${t}`)).to.include('not t=<unix seconds>');
    expect(reason(`v1=${'0'.repeat(64)}`)).to.include('not t=<unix seconds>');
  });

  it('when signed, then v1 is the HMAC-SHA256 of "<t>.<raw body>" with the secret, as the provider computes it', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signPayment(secret, body, t)).to.equal(`t=${t},v1=${expected}`);
  });

  it('when the provider rotates its secret and sends one v1 per secret, then one matching is enough, in any position', () => {
    const ours = signPayment(secret, body, t).split(',')[1]!;
    const theirs = signPayment(`${secret}-old`, body, t).split(',')[1]!;
    expect(checkPaymentSignature(secret, `t=${t},${theirs},${ours}`, body, t)).to.deep.equal({ ok: true });
    expect(checkPaymentSignature(secret, `t=${t},${ours},${theirs}`, body, t)).to.deep.equal({ ok: true });
    expect(checkPaymentSignature(secret, `t=${t},${theirs},${theirs}`, body, t).ok).to.equal(false);
  });

  it('when the header also carries parts it does not know (a v0, a later field), then they are ignored', () => {
    const [time, v1] = signPayment(secret, body, t).split(',');
    expect(checkPaymentSignature(secret, `${time},v0=12,x=${t + 3600},${v1}`, body, t)).to.deep.equal({ ok: true });
    expect(checkPaymentSignature(secret, `x=${t},${v1}`, body, t).ok).to.equal(false);
  });

  it('when a part has anything around its value (a sign, extra digits, letters), then that part does not count', () => {
    const [, v1] = signPayment(secret, body, t).split(',');
    const malformed = (header: string) => {
      const check = checkPaymentSignature(secret, header, body, t);
      return !check.ok && check.reason.includes('not t=<unix seconds>');
    };
    for (const time of [`t=+${t}`, `t=${t}s`, `t= ${t}`, `t=${'1'.repeat(13)}`, `t=`])
      expect(malformed(`${time},${v1}`), time).to.equal(true);
    for (const signature of [`${v1}0`, `${v1}g`, `x${v1}`, `v1=${'0'.repeat(63)}`, `V1=${v1!.slice(3)}`]) {
      expect(malformed(`t=${t},${signature}`), signature).to.equal(true);
    }
  });

  it('when a check fails, then its reason names the Payment-Signature header and what is wrong', () => {
    const reason = (header: string | undefined, now = t) => {
      const check = checkPaymentSignature(secret, header, body, now);
      return check.ok ? 'ok' : check.reason;
    };
    const header = signPayment(secret, body, t);
    expect(reason(undefined)).to.equal('The Payment-Signature header is missing');
    expect(reason('t=1')).to.equal('The Payment-Signature header is not t=<unix seconds>,v1=<hex HMAC-SHA256>');
    expect(reason(header, t + 301)).to.equal(
      "The Payment-Signature timestamp is more than 300 s away from the service's clock",
    );
    expect(reason(header.replace(/.$/, (last) => (last === '0' ? '1' : '0')))).to.equal(
      'The Payment-Signature does not match the body',
    );
  });
});
