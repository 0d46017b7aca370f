// The operator's credentials: the OPERATOR_TOKEN itself (Authorization: Bearer), or the inspector's login cookie, which
// holds an expiry and an HMAC made with the token rather than the token, so a leaked cookie is not the token and ends.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const operatorSessionCookie = 'inspector_session';

/** How long an inspector login lasts. */
export const operatorSessionSeconds = 8 * 60 * 60;

export interface OperatorCredentials {
  /** Constant-time, whatever the lengths: both sides are hashed to 32 bytes first. */
  isOperatorToken(given: string): boolean;
  /** A cookie value valid until `now + operatorSessionSeconds`. */
  newSession(now: Date): string;
  isValidSession(value: string, now: Date): boolean;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export function operatorCredentials(operatorToken: string): OperatorCredentials {
  const expectedToken = sha256(operatorToken);
  // Changing OPERATOR_TOKEN ends every session: the sessions are signed with it.
  const signature = (expiresAt: string) =>
    createHmac('sha256', operatorToken).update(`inspector-session.v1.${expiresAt}`).digest('base64url');

  return {
    isOperatorToken: (given) => timingSafeEqual(sha256(given), expectedToken),
    newSession: (now) => {
      const expiresAt = String(Math.floor(now.getTime() / 1000) + operatorSessionSeconds);
      return `v1.${expiresAt}.${signature(expiresAt)}`;
    },
    isValidSession: (value, now) => {
      const match = /^v1\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
      if (!match) return false;
      const [, expiresAt, given] = match as unknown as [string, string, string];
      const signed = timingSafeEqual(Buffer.from(given), Buffer.from(signature(expiresAt)));
      return signed && Number(expiresAt) * 1000 > now.getTime();
    },
  };
}
