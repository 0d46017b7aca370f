// Clients act only as themselves: every request under /clients/:clientId needs a valid bearer JWT whose `sub` is that
// clientId. Each way a token can be missing or wrong is a 401 (or 403 for another client's id), and none writes anything.
import { createSecretKey, randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';
import { testSecrets } from '../support/credentials.js';
import { getJson, postJson, type Answer } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const now = () => Math.floor(Date.now() / 1000);
const key = (secret: string) => createSecretKey(Buffer.from(secret, 'utf8'));

/** A token as the tests' identity provider makes it, with any claim or header overridden (undefined drops a claim). */
async function token(
  overrides: { sub?: string; exp?: number | undefined; iss?: string; aud?: string; secret?: string; alg?: string } = {},
): Promise<string> {
  const claims: Record<string, unknown> = {
    sub: 'alice',
    iss: testSecrets.issuer,
    aud: testSecrets.audience,
    iat: now(),
    exp: now() + 600,
    ...overrides,
  };
  for (const name of ['secret', 'alg']) delete claims[name];
  if ('exp' in overrides && overrides.exp === undefined) delete claims.exp;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: overrides.alg ?? 'HS256', typ: 'JWT' })
    .sign(key(overrides.secret ?? testSecrets.jwtSecret));
}

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

function expectUnauthenticated(answer: Answer, code: string, error?: string): void {
  expect(answer.status, JSON.stringify(answer.body)).to.equal(401);
  expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
  expect(answer.body.code).to.equal(code);
  const challenge = answer.headers.get('www-authenticate') ?? '';
  expect(challenge).to.match(/^Bearer realm="clients"/);
  if (error) expect(challenge).to.include(`error="${error}"`);
  else expect(challenge).to.not.include('error=');
}

describe('client authentication', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(async () => {
    await service.stop();
  });

  const bookings = (clientId = 'alice') => `${service.url}/clients/${clientId}/bookings`;
  const placeBody = () => ({
    concertId: 'rock-night',
    seats: [{ row: 29, number: Math.floor(Math.random() * 50) + 1 }],
    bookingId: unique('auth'),
  });

  it('when a client sends its own valid token, then it is served', async () => {
    const answer = await getJson(bookings(), bearer(await token()));
    expect(answer.status).to.equal(200);
  });

  it('when there is no Authorization header, then 401 AuthenticationRequired with a Bearer challenge and no error code', async () => {
    expectUnauthenticated(await getJson(bookings(), {}, { credentials: 'none' }), 'AuthenticationRequired');
  });

  it('when the header is not Bearer (Basic), then 401 invalid_token', async () => {
    expectUnauthenticated(
      await getJson(bookings(), { authorization: 'Basic YWxpY2U6c2VjcmV0' }),
      'InvalidToken',
      'invalid_token',
    );
  });

  it('when the token is not a JWT at all, then 401 invalid_token', async () => {
    expectUnauthenticated(await getJson(bookings(), bearer('not.a.jwt')), 'InvalidToken', 'invalid_token');
  });

  it('when the payload was tampered with (sub changed, signature kept), then 401 invalid_token', async () => {
    const [header, , signature] = (await token({ sub: 'mallory' })).split('.');
    const payload = Buffer.from(
      JSON.stringify({ sub: 'alice', iss: testSecrets.issuer, aud: testSecrets.audience, exp: now() + 600 }),
    ).toString('base64url');
    expectUnauthenticated(
      await getJson(bookings(), bearer(`${header}.${payload}.${signature}`)),
      'InvalidToken',
      'invalid_token',
    );
  });

  it('when the token has expired, then 401 invalid_token saying so', async () => {
    const answer = await getJson(bookings(), bearer(await token({ exp: now() - 60 })));
    expectUnauthenticated(answer, 'InvalidToken', 'invalid_token');
    expect(answer.body.detail).to.match(/exp/);
  });

  it('when the token has no exp, then 401 invalid_token', async () => {
    expectUnauthenticated(
      await getJson(bookings(), bearer(await token({ exp: undefined }))),
      'InvalidToken',
      'invalid_token',
    );
  });

  it('when the token is signed with another secret, then 401 invalid_token', async () => {
    expectUnauthenticated(
      await getJson(bookings(), bearer(await token({ secret: 'somebody-elses-secret-0123456789abcdef' }))),
      'InvalidToken',
      'invalid_token',
    );
  });

  it('when the token is for another issuer, then 401 invalid_token', async () => {
    expectUnauthenticated(
      await getJson(bookings(), bearer(await token({ iss: 'https://evil.test' }))),
      'InvalidToken',
      'invalid_token',
    );
  });

  it('when the token is for another audience, then 401 invalid_token', async () => {
    expectUnauthenticated(
      await getJson(bookings(), bearer(await token({ aud: 'another-service' }))),
      'InvalidToken',
      'invalid_token',
    );
  });

  it('when the token is unsigned (alg none), then 401 invalid_token', async () => {
    const unsigned = new UnsecuredJWT({ sub: 'alice', iss: testSecrets.issuer, aud: testSecrets.audience })
      .setExpirationTime(now() + 600)
      .encode();
    expectUnauthenticated(await getJson(bookings(), bearer(unsigned)), 'InvalidToken', 'invalid_token');
  });

  it('when the token uses another algorithm than HS256 (HS512 with the right secret, RS256), then 401 invalid_token', async () => {
    expectUnauthenticated(
      await getJson(bookings(), bearer(await token({ alg: 'HS512' }))),
      'InvalidToken',
      'invalid_token',
    );
    const { privateKey } = await generateKeyPair('RS256');
    const rs256 = await new SignJWT({ iss: testSecrets.issuer, aud: testSecrets.audience })
      .setProtectedHeader({ alg: 'RS256' })
      .setSubject('alice')
      .setExpirationTime(now() + 600)
      .sign(privateKey);
    expectUnauthenticated(await getJson(bookings(), bearer(rs256)), 'InvalidToken', 'invalid_token');
  });

  it('when the token has an empty subject, then 401 invalid_token', async () => {
    expectUnauthenticated(await getJson(bookings(), bearer(await token({ sub: '' }))), 'InvalidToken', 'invalid_token');
  });

  it("when a valid token is used on another client's path, then 403 Forbidden and nothing is placed", async () => {
    const body = placeBody();
    const answer = await postJson(bookings('alice'), body, bearer(await token({ sub: 'mallory' })));
    expect(answer.status).to.equal(403);
    expect(answer.body.code).to.equal('Forbidden');
    expect(answer.headers.get('www-authenticate')).to.include('error="insufficient_scope"');
    expect((await getJson(`${bookings('alice')}/${body.bookingId}`)).status).to.equal(404);
    for (const path of ['', `/${body.bookingId}`])
      expect((await getJson(`${bookings('alice')}${path}`, bearer(await token({ sub: 'mallory' })))).status).to.equal(
        403,
      );
  });

  it('when a request is refused for its token, then nothing is written: the booking does not exist afterwards', async () => {
    const body = placeBody();
    const refused = await postJson(bookings(), body, bearer(await token({ exp: now() - 60 })));
    expect(refused.status).to.equal(401);
    expect((await getJson(`${bookings()}/${body.bookingId}`)).status).to.equal(404);
  });

  it("when a client reads or cancels another client's booking under its own id, then 404 as for a booking that does not exist", async () => {
    const body = placeBody();
    expect((await postJson(bookings('alice'), body)).status).to.equal(201);
    expect((await getJson(`${bookings('mallory')}/${body.bookingId}`)).status).to.equal(404);
    const cancelled = await postJson(`${bookings('mallory')}/${body.bookingId}/cancel`, { reason: 'not mine' });
    expect(cancelled.status).to.equal(404);
    expect((await getJson(`${bookings('alice')}/${body.bookingId}`)).body.status).to.not.equal('Cancelled');
  });

  it('when the path spells the client id percent-encoded, then the token of the decoded id is the one accepted', async () => {
    const encoded = `${service.url}/clients/%61lice/bookings`;
    expect((await getJson(encoded, bearer(await token({ sub: 'alice' })))).status).to.equal(200);
    expect((await getJson(encoded, bearer(await token({ sub: '%61lice' })))).status).to.equal(403);
  });
});
