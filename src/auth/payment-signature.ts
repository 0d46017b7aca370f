// The payment provider's signature on `POST /payments`: `Payment-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`,
// the HMAC made with PAYMENT_WEBHOOK_SECRET over "<t>.<raw body>". The timestamp bounds how long a copy can be replayed.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const paymentSignatureHeader = 'Payment-Signature';

/** A signature older (or further in the future) than this is refused. */
export const paymentSignatureToleranceSeconds = 300;

function hmac(secret: string, timestamp: string, rawBody: Buffer | string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
}

/** What the provider sends (and what `npm run sign-payment` prints). */
export function signPayment(secret: string, rawBody: Buffer | string, unixSeconds: number): string {
  const timestamp = String(Math.floor(unixSeconds));
  return `t=${timestamp},v1=${hmac(secret, timestamp, rawBody).toString('hex')}`;
}

export type SignatureCheck = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Several `v1=` values are allowed, so that a provider rotating its secret can send one per secret; one matching is
 * enough. Every comparison is constant-time.
 */
export function checkPaymentSignature(
  secret: string,
  header: string | undefined,
  rawBody: Buffer | string,
  nowSeconds: number,
): SignatureCheck {
  if (header === undefined || header.trim() === '')
    return { ok: false, reason: `The ${paymentSignatureHeader} header is missing` };
  let timestamp: string | undefined;
  const signatures: Buffer[] = [];
  for (const part of header.split(',')) {
    const [name, value = ''] = part.trim().split('=', 2);
    if (name === 't' && /^\d{1,12}$/.test(value)) timestamp = value;
    else if (name === 'v1' && /^[0-9a-fA-F]{64}$/.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (timestamp === undefined || signatures.length === 0)
    return { ok: false, reason: `The ${paymentSignatureHeader} header is not t=<unix seconds>,v1=<hex HMAC-SHA256>` };
  if (Math.abs(nowSeconds - Number(timestamp)) > paymentSignatureToleranceSeconds) {
    return {
      ok: false,
      reason: `The ${paymentSignatureHeader} timestamp is more than ${paymentSignatureToleranceSeconds} s away from the service's clock`,
    };
  }
  const expected = hmac(secret, timestamp, rawBody);
  // No early exit: every given signature is compared, so the time taken does not say which one matched.
  const matched = signatures.reduce((found, signature) => timingSafeEqual(signature, expected) || found, false);
  return matched ? { ok: true } : { ok: false, reason: `The ${paymentSignatureHeader} does not match the body` };
}
