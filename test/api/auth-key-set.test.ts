// Client tokens from a real identity provider: with AUTH_JWKS_URL the service fetches the provider's key set and
// accepts RS256 and ES256 tokens signed with its keys, and nothing else (no HS256 made with a public key).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSecretKey } from 'node:crypto';
import { expect } from 'chai';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey } from 'jose';
import { testAuth } from '../support/credentials.js';
import { getJson } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

const now = () => Math.floor(Date.now() / 1000);

describe('client authentication with an identity provider key set (AUTH_JWKS_URL)', () => {
  let service: TestService;
  let provider: Server;
  let providerUp = false;
  const keys: Record<string, { privateKey: CryptoKey; publicKey: CryptoKey }> = {};
  let keySet: unknown;

  before(async () => {
    keys.rs = await generateKeyPair('RS256');
    keys.es = await generateKeyPair('ES256');
    keySet = {
      keys: [
        { ...(await exportJWK(keys.rs.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' },
        { ...(await exportJWK(keys.es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' },
      ],
    };
    provider = createServer((_req, res) => {
      if (!providerUp) return void res.writeHead(500).end();
      res.writeHead(200, { 'content-type': 'application/jwk-set+json' }).end(JSON.stringify(keySet));
    });
    await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
    const jwksUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/.well-known/jwks.json`;
    service = await startTestService({
      config: { auth: { ...testAuth, clientTokens: { jwksUrl }, issuer: undefined, audience: undefined } },
    });
  });
  after(async () => {
    await service.stop();
    await new Promise((resolve) => provider.close(resolve));
  });

  const sign = (alg: 'RS256' | 'ES256', kid: string, privateKey: CryptoKey, sub = 'alice') =>
    new SignJWT({})
      .setProtectedHeader({ alg, kid })
      .setSubject(sub)
      .setExpirationTime(now() + 600)
      .sign(privateKey);
  const bookings = () => `${service.url}/clients/alice/bookings`;
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  // First, while the provider fails: nothing is cached yet, so the service cannot check anyone.
  it('when the key set cannot be fetched, then 503 IdentityProviderUnavailable with Retry-After, not a 401', async () => {
    const answer = await getJson(bookings(), bearer(await sign('RS256', 'rs-1', keys.rs!.privateKey)));
    expect(answer.status).to.equal(503);
    expect(answer.body.code).to.equal('IdentityProviderUnavailable');
    expect(answer.headers.get('retry-after')).to.be.a('string');
    providerUp = true;
  });

  it('when a token is signed RS256 with a key of the set, then it is accepted (no iss/aud configured, none needed)', async () => {
    expect((await getJson(bookings(), bearer(await sign('RS256', 'rs-1', keys.rs!.privateKey)))).status).to.equal(200);
  });

  it('when a token is signed ES256 with a key of the set, then it is accepted', async () => {
    expect((await getJson(bookings(), bearer(await sign('ES256', 'es-1', keys.es!.privateKey)))).status).to.equal(200);
  });

  it('when a token is signed with a key outside the set, then 401 invalid_token', async () => {
    const stranger = await generateKeyPair('RS256');
    const answer = await getJson(bookings(), bearer(await sign('RS256', 'rs-1', stranger.privateKey)));
    expect(answer.status).to.equal(401);
    expect(answer.headers.get('www-authenticate')).to.include('error="invalid_token"');
  });

  it('when a token is HS256 signed with the public key as secret (algorithm confusion), then 401', async () => {
    const publicPem = await exportSPKI(keys.rs!.publicKey);
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'rs-1' })
      .setSubject('alice')
      .setExpirationTime(now() + 600)
      .sign(createSecretKey(Buffer.from(publicPem)));
    expect((await getJson(bookings(), bearer(forged))).status).to.equal(401);
  });

  it('when the token of the set is for another client than the path, then 403', async () => {
    expect(
      (await getJson(bookings(), bearer(await sign('ES256', 'es-1', keys.es!.privateKey, 'bob')))).status,
    ).to.equal(403);
  });
});
