// Operators: /processes, /stats, GET /payments/:id and every /inspector page need the operator token, as a bearer
// token or through the inspector's login cookie (which holds a signed expiry, never the token).
import http from 'node:http';
import { expect } from 'chai';
import { loadConfig } from '../../src/config.js';
import { testSecrets, testSigner } from '../support/credentials.js';
import { concrete, declaredRoutes } from '../support/declared-routes.js';
import { getJson, request } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

const bearer = (value: string) => ({ authorization: `Bearer ${value}` });

/** The cookie the login answer set, as `name=value`, and its attributes. */
function sessionCookieOf(setCookie: string | null): { pair: string; attributes: string[] } {
  expect(setCookie, 'Set-Cookie').to.be.a('string');
  const [pair, ...attributes] = setCookie!.split(';').map((part) => part.trim());
  return { pair: pair!, attributes };
}

describe('operator authentication', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(async () => {
    await service.stop();
  });

  // Every route declared for operators (src/http/route.ts), whichever module declares it.
  for (const { method, path } of declaredRoutes().filter((route) => route.access === 'operator')) {
    const asked = (headers: Record<string, string>, options = {}) =>
      request(`${service.url}${concrete(path)}`, { method, headers }, options);

    it(`when ${method.toUpperCase()} ${path} is asked without a token, then 401 AuthenticationRequired with a Bearer challenge`, async () => {
      const answer = await asked({}, { credentials: 'none' });
      expect(answer.status).to.equal(401);
      expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(answer.body.code).to.equal('AuthenticationRequired');
      expect(answer.headers.get('www-authenticate')).to.equal('Bearer realm="operators"');
    });

    it(`when ${method.toUpperCase()} ${path} is asked with a wrong token (or a client's JWT), then 401 invalid_token`, async () => {
      for (const wrong of [
        'not-the-operator-token',
        `${testSecrets.operatorToken}x`,
        testSecrets.operatorToken.slice(0, -1),
        await testSigner.clientToken('alice'),
      ]) {
        const answer = await asked(bearer(wrong));
        expect(answer.status).to.equal(401);
        expect(answer.body.code).to.equal('InvalidToken');
        expect(answer.headers.get('www-authenticate')).to.include('error="invalid_token"');
      }
    });
  }

  it('when /processes and /stats are asked with the operator token, then they answer', async () => {
    expect((await getJson(`${service.url}/processes`, bearer(testSecrets.operatorToken))).status).to.equal(200);
    expect((await getJson(`${service.url}/stats`, bearer(testSecrets.operatorToken))).status).to.equal(200);
  });

  it('when a browser opens /inspector without logging in, then it is sent to the login form; an API client gets 401', async () => {
    const browser = await request(
      `${service.url}/inspector`,
      { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' }, redirect: 'manual' },
      { credentials: 'none' },
    );
    expect(browser.status).to.equal(303);
    expect(browser.headers.get('location')).to.equal('/inspector/login?next=%2Finspector');
    const api = await request(
      `${service.url}/inspector/anything`,
      { headers: { accept: 'application/json' } },
      { credentials: 'none' },
    );
    expect(api.status).to.equal(401);
    expect(api.body.code).to.equal('AuthenticationRequired');
    const curl = await request(`${service.url}/inspector`, { headers: { accept: '*/*' } }, { credentials: 'none' });
    expect(curl.status).to.equal(401);
  });

  it('when the login form is opened, then it is a plain HTML form with a strict Content-Security-Policy', async () => {
    const answer = await request(`${service.url}/inspector/login`, {}, { credentials: 'none' });
    expect(answer.status).to.equal(200);
    expect(answer.headers.get('content-type')).to.match(/^text\/html/);
    // No action: the form posts back to the URL it was opened at, with the page asked for in ?next=.
    expect(answer.body).to.include('<form method="post">');
    expect(answer.headers.get('content-security-policy')).to.include("default-src 'none'");
    expect(answer.headers.get('cache-control')).to.equal('no-store');
  });

  const login = (token: string, host?: string, query = '') =>
    request(
      `${service.url}/inspector/login${query}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...(host ? { host } : {}) },
        body: new URLSearchParams({ token }).toString(),
        redirect: 'manual',
      },
      { credentials: 'none' },
    );

  it('when the wrong token is pasted, then 401, the form again with a message, and no cookie', async () => {
    const answer = await login('not-the-operator-token');
    expect(answer.status).to.equal(401);
    expect(answer.body).to.include('That is not the operator token.');
    expect(answer.headers.get('set-cookie')).to.equal(null);
  });

  it('when the operator token is pasted, then a cookie (HttpOnly, SameSite=Strict, Path=/inspector, not the token) and a redirect to /inspector', async () => {
    const answer = await login(testSecrets.operatorToken);
    expect(answer.status).to.equal(303);
    expect(answer.headers.get('location')).to.equal('/inspector');
    const { pair, attributes } = sessionCookieOf(answer.headers.get('set-cookie'));
    expect(pair).to.match(/^inspector_session=v1\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(pair).to.not.include(testSecrets.operatorToken);
    expect(attributes).to.include.members(['Path=/inspector', 'HttpOnly', 'SameSite=Strict']);
    expect(attributes.some((attribute) => /^Max-Age=28800$/.test(attribute))).to.equal(true);

    // The cookie opens the inspector: its dashboard, not the login form.
    const inside = await fetch(`${service.url}/inspector`, {
      headers: { cookie: pair, accept: 'text/html' },
      redirect: 'manual',
    });
    expect(inside.status).to.equal(200);
    expect(await inside.text()).to.match(/<h1[^>]*>Dashboard<\/h1>/);
  });

  it('when a shared inspector link is opened before logging in, then the login leads to that page, and never off the inspector', async () => {
    const shared = '/inspector/streams/%24all?before=12_12';
    const browser = await request(
      `${service.url}${shared}`,
      { headers: { accept: 'text/html' }, redirect: 'manual' },
      { credentials: 'none' },
    );
    const form = browser.headers.get('location')!;
    expect(form).to.equal(`/inspector/login?next=${encodeURIComponent(shared)}`);
    expect(
      (await login(testSecrets.operatorToken, undefined, form.slice('/inspector/login'.length))).headers.get(
        'location',
      ),
    ).to.equal(shared);
    // Anywhere else, as a browser would resolve it, is the inspector's home instead.
    for (const next of [
      '//evil.example/inspector',
      '/\\evil.example',
      'https://evil.example/inspector',
      '/inspector/../processes',
      '/inspector/%2e%2e/stats',
      '/processes',
      '/inspector/login',
      'inspector',
    ]) {
      const answer = await login(testSecrets.operatorToken, undefined, `?next=${encodeURIComponent(next)}`);
      expect(answer.headers.get('location'), next).to.equal('/inspector');
    }
  });

  it("when another site's page posts a login or a logout, then it is refused with 403 and no cookie is set or cleared", async () => {
    const body = new URLSearchParams({ token: testSecrets.operatorToken }).toString();
    for (const path of ['/inspector/login', '/inspector/logout']) {
      for (const headers of [{ origin: 'http://evil.example' }, { 'sec-fetch-site': 'cross-site' }] as Record<
        string,
        string
      >[]) {
        const answer = await request(
          `${service.url}${path}`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
            body,
            redirect: 'manual',
          },
          { credentials: 'none' },
        );
        expect(answer.status, `${path} ${JSON.stringify(headers)}`).to.equal(403);
        expect(answer.body.code).to.equal('CrossSiteRequest');
        expect(answer.headers.get('set-cookie')).to.equal(null);
      }
    }
    // From its own page (the browser's Origin is the service) it goes through.
    const own = await request(
      `${service.url}/inspector/login`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: service.url },
        body,
        redirect: 'manual',
      },
      { credentials: 'none' },
    );
    expect(own.status).to.equal(303);
  });

  it('when a logged-in operator acts in the inspector, then the log says it was the operator, by the login cookie', async () => {
    const { pair } = sessionCookieOf((await login(testSecrets.operatorToken)).headers.get('set-cookie'));
    // A projection that does not exist: the action fails harmlessly, and is logged all the same.
    const answer = await fetch(`${service.url}/inspector/projections/nothing-here/enable`, {
      method: 'POST',
      headers: { cookie: pair, origin: service.url },
      redirect: 'manual',
    });
    expect(answer.status).to.equal(404);
    const logged = service.logs.filter((line) => line.message === 'inspector action failed').at(-1);
    expect(logged).to.include({ action: 'projection-enable', target: 'nothing-here' });
    expect(logged?.who).to.match(/^operator \(login cookie\) at /);
  });

  it('when the cookie is tampered with, then it opens nothing', async () => {
    const { pair } = sessionCookieOf((await login(testSecrets.operatorToken)).headers.get('set-cookie'));
    const later = pair.replace(/v1\.(\d+)\./, (_match, expiry: string) => `v1.${Number(expiry) + 86_400}.`);
    for (const cookie of [
      later,
      `${pair.slice(0, -1)}${pair.endsWith('A') ? 'B' : 'A'}`,
      'inspector_session=anything',
    ]) {
      const answer = await request(
        `${service.url}/inspector`,
        { headers: { cookie, accept: 'application/json' } },
        { credentials: 'none' },
      );
      expect(answer.status, cookie).to.equal(401);
      expect(answer.body.code).to.equal('InvalidToken');
    }
  });

  it('when reached by a host name other than localhost, then the cookie is also Secure', async () => {
    const { port } = new URL(service.url);
    // fetch may not set Host; node:http does.
    const setCookie = await new Promise<string | undefined>((resolve, reject) => {
      const body = new URLSearchParams({ token: testSecrets.operatorToken }).toString();
      const sent = http.request(
        {
          host: '127.0.0.1',
          port,
          path: '/inspector/login',
          method: 'POST',
          headers: {
            host: 'ops.example.com',
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': body.length,
          },
        },
        (response) => {
          response.resume();
          resolve(response.headers['set-cookie']?.[0]);
        },
      );
      sent.once('error', reject);
      sent.end(body);
    });
    expect(setCookie).to.include('; Secure');
    expect((await login(testSecrets.operatorToken)).headers.get('set-cookie')).to.not.include('Secure');
  });

  it('when the operator logs out, then the cookie is cleared and the browser sent to the form', async () => {
    const answer = await request(
      `${service.url}/inspector/logout`,
      { method: 'POST', redirect: 'manual' },
      { credentials: 'none' },
    );
    expect(answer.status).to.equal(303);
    expect(answer.headers.get('location')).to.equal('/inspector/login');
    const { pair, attributes } = sessionCookieOf(answer.headers.get('set-cookie'));
    expect(pair).to.equal('inspector_session=');
    expect(attributes).to.include('Path=/inspector');
    expect(attributes.some((attribute) => attribute.startsWith('Expires=Thu, 01 Jan 1970'))).to.equal(true);
  });

  it('when /openapi.json is read, then it declares the three kinds of credentials and the 401/403 of every operation behind them', async () => {
    const { body } = await getJson(`${service.url}/openapi.json`);
    expect(body.components.securitySchemes.clientToken).to.include({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    expect(body.components.securitySchemes.operatorToken).to.include({ type: 'http', scheme: 'bearer' });
    expect(body.components.securitySchemes.paymentSignature).to.include({
      type: 'apiKey',
      in: 'header',
      name: 'Payment-Signature',
    });
    const operations = Object.entries(
      body.paths as Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>,
    ).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, operation]) => ({ name: `${method} ${path}`, path, method, operation })),
    );
    for (const { name, path, method, operation } of operations) {
      const guarded =
        path.startsWith('/clients/') ||
        ['/processes', '/stats', '/payments/{paymentId}'].includes(path) ||
        (path === '/payments' && method === 'post');
      expect(Boolean(operation.security), name).to.equal(guarded);
      if (guarded) expect(operation.responses, name).to.have.property('401');
      if (path.startsWith('/clients/')) {
        expect(operation.security, name).to.deep.equal([{ clientToken: [] }]);
        expect(operation.responses, name).to.have.property('403');
      }
    }
    expect(body.paths['/payments'].post.security).to.deep.equal([{ paymentSignature: [] }]);
    expect(body.paths['/processes'].get.security).to.deep.include({ operatorToken: [] });
  });

  it('when all of that has happened, then no log line holds a secret, a token or a session cookie', async () => {
    const log = JSON.stringify(service.logs);
    for (const secret of [
      testSecrets.jwtSecret,
      testSecrets.paymentWebhookSecret,
      testSecrets.operatorToken,
      'inspector_session=v1',
      'eyJ',
    ])
      expect(log).to.not.include(secret);
  });
});

describe('development credentials', () => {
  it('when the service runs with the development secrets, then it warns naming the variables, never their values', async () => {
    const { auth } = loadConfig({});
    const service = await startTestService({ config: { auth } });
    try {
      const warning = service.logs.find(
        (line) => line.level === 'warn' && String(line.message).startsWith('DEVELOPMENT CREDENTIALS IN USE'),
      );
      expect(warning, 'the warning').to.not.equal(undefined);
      expect(warning!.variables).to.have.members(['AUTH_JWT_SECRET', 'PAYMENT_WEBHOOK_SECRET', 'OPERATOR_TOKEN']);
      const log = JSON.stringify(service.logs);
      for (const secret of [auth.operatorToken, auth.paymentWebhookSecret]) expect(log).to.not.include(secret);
      expect((await getJson(`${service.url}/processes`, bearer(auth.operatorToken))).status).to.equal(200);
    } finally {
      await service.stop();
    }
  });
});
