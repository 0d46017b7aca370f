// The operator's credentials on their own: the token compared in constant time, and the inspector session cookie,
// which proves the token was shown without holding it and ends after 8 hours or when the token changes.
import { createHmac } from 'node:crypto';
import { expect } from 'chai';
import { operatorCredentials, operatorSessionSeconds } from '../../src/auth/operator-credentials.js';

const token = 'the-operator-token-for-these-tests-0123456789';
const at = new Date('2030-01-01T00:00:00Z');
const later = (seconds: number) => new Date(at.getTime() + seconds * 1000);

describe('operator credentials', () => {
  const operator = operatorCredentials(token);

  it('when the token is shown, then it is the operator; any other string of any length is not', () => {
    expect(operator.isOperatorToken(token)).to.equal(true);
    for (const other of ['', 'x', token.slice(0, -1), `${token}x`, token.toUpperCase()])
      expect(operator.isOperatorToken(other), other).to.equal(false);
  });

  it('when a session is made, then it does not contain the token and is valid until 8 hours later, not after', () => {
    const session = operator.newSession(at);
    expect(session).to.not.include(token);
    expect(operator.isValidSession(session, at)).to.equal(true);
    expect(operator.isValidSession(session, later(operatorSessionSeconds - 1))).to.equal(true);
    expect(operator.isValidSession(session, later(operatorSessionSeconds))).to.equal(false);
  });

  it('when the operator token changes, then the sessions made with the old one are no longer valid', () => {
    const session = operator.newSession(at);
    expect(operatorCredentials(`${token}-rotated`).isValidSession(session, at)).to.equal(false);
  });

  it('when the expiry is moved or the signature altered, then the session is not valid', () => {
    const session = operator.newSession(at);
    const [version, expiry, signature] = session.split('.');
    expect(operator.isValidSession(`${version}.${Number(expiry) + 3600}.${signature}`, at)).to.equal(false);
    expect(operator.isValidSession(`${version}.${expiry}.${signature!.slice(1)}A`, at)).to.equal(false);
    expect(operator.isValidSession('', at)).to.equal(false);
    expect(operator.isValidSession(token, at)).to.equal(false);
  });

  it('when a session is made, then it is v1.<expiry in unix seconds>.<base64url HMAC-SHA256 of "inspector-session.v1.<expiry>" keyed by the token>', () => {
    const expiry = at.getTime() / 1000 + 8 * 60 * 60;
    const signature = createHmac('sha256', token).update(`inspector-session.v1.${expiry}`).digest('base64url');
    expect(operatorSessionSeconds).to.equal(8 * 60 * 60);
    expect(operator.newSession(at)).to.equal(`v1.${expiry}.${signature}`);
  });

  it('when a session is made in the middle of a second, then it still lasts no more than 8 hours', () => {
    const midSecond = new Date(at.getTime() + 999);
    const session = operator.newSession(midSecond);
    expect(operator.isValidSession(session, new Date(at.getTime() + 8 * 3600 * 1000 - 1))).to.equal(true);
    expect(operator.isValidSession(session, new Date(midSecond.getTime() + 8 * 3600 * 1000))).to.equal(false);
  });

  it('when a valid session has anything before or after it, or another version, then it is not valid', () => {
    const session = operator.newSession(at);
    for (const altered of [
      `x${session}`,
      `${session}x`,
      ` ${session}`,
      `${session}.`,
      session.replace(/^v1/, 'v2'),
      session.replace(/^v1\./, 'v1x'),
    ]) {
      expect(operator.isValidSession(altered, at), altered).to.equal(false);
    }
  });
});
