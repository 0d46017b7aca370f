// /openapi.json lists every answer the service gives: a matrix of good and bad requests to every operation, each
// status observed checked against the statuses documented for that operation.
import { expect } from 'chai';
import { declaredRoutes, pathMatches } from '../support/declared-routes.js';
import { getJson } from '../support/http.js';
import { rawRequest, signedRequest } from '../support/raw-http.js';
import { startTestService, type TestService } from '../support/service.js';

interface Probe {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly headers?: Record<string, string>;
}

const json = (value: unknown) => JSON.stringify(value);
const place = (seat: number, bookingId?: string) =>
  json({ concertId: 'rock-night', seats: [{ row: 28, number: seat }], ...(bookingId ? { bookingId } : {}) });

/** For each operation: what a client gets right, gets wrong in each way the API can tell, and what does not exist. */
const probes: Probe[] = [
  { method: 'GET', path: '/concerts' },
  { method: 'GET', path: '/concerts/rock-night' },
  { method: 'GET', path: '/concerts/no-such-concert' },
  { method: 'GET', path: '/concerts/bad%20id' },
  { method: 'GET', path: '/concerts/%ff' },
  { method: 'POST', path: '/clients/carol/bookings', body: place(1, 'coverage-1') },
  { method: 'POST', path: '/clients/carol/bookings', body: place(2, 'coverage-1') },
  {
    method: 'POST',
    path: '/clients/carol/bookings',
    body: json({ concertId: 'nowhere', seats: [{ row: 1, number: 1 }] }),
  },
  { method: 'POST', path: '/clients/carol/bookings', body: json({ seats: [] }) },
  { method: 'POST', path: '/clients/carol/bookings', body: 'x'.repeat(20_000) },
  { method: 'POST', path: '/clients/carol/bookings', body: place(3), headers: { 'Content-Type': 'text/plain' } },
  { method: 'POST', path: '/clients/carol/bookings', body: place(3), headers: { 'Content-Encoding': 'gzip' } },
  { method: 'POST', path: '/clients/carol/bookings', body: place(3), headers: { 'Content-Encoding': 'compress' } },
  { method: 'POST', path: '/clients/%zz/bookings', body: place(3) },
  { method: 'GET', path: '/clients/carol/bookings' },
  { method: 'GET', path: '/clients/carol/bookings?limit=0' },
  { method: 'GET', path: '/clients/%ff/bookings' },
  { method: 'GET', path: '/clients/carol/bookings/coverage-1' },
  { method: 'GET', path: '/clients/carol/bookings/nothing-here' },
  { method: 'GET', path: '/clients/carol/bookings/%c0' },
  { method: 'POST', path: '/clients/carol/bookings/coverage-1/cancel', body: json({ reason: '' }) },
  { method: 'POST', path: '/clients/carol/bookings/nothing-here/cancel', body: json({ reason: 'gone' }) },
  {
    method: 'POST',
    path: '/clients/carol/bookings/coverage-1/cancel',
    body: json({ reason: 'x' }),
    headers: { 'Content-Type': 'text/plain' },
  },
  { method: 'POST', path: '/clients/carol/bookings/coverage-1/cancel', body: 'x'.repeat(20_000) },
  { method: 'POST', path: '/clients/carol/bookings/coverage-1/cancel', body: json({ reason: 'changed plans' }) },
  {
    method: 'POST',
    path: '/payments',
    body: json({ paymentId: 'coverage-pay', bookingId: 'nothing-here', amount: 100 }),
  },
  { method: 'POST', path: '/payments', body: json({ paymentId: 'coverage-pay' }) },
  { method: 'POST', path: '/payments', body: 'x'.repeat(20_000) },
  { method: 'POST', path: '/payments', body: '{}', headers: { 'Content-Type': 'text/plain' } },
  { method: 'POST', path: '/payments', body: '{}', headers: { 'Content-Encoding': 'br' } },
  { method: 'GET', path: '/payments/coverage-pay' },
  { method: 'GET', path: '/payments/%ED%A0%80' },
  { method: 'GET', path: '/openapi.json' },
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/ready' },
  { method: 'GET', path: '/processes' },
  { method: 'GET', path: '/stats' },
  { method: 'GET', path: '/inspector/login' },
  {
    method: 'POST',
    path: '/inspector/login',
    body: 'token=not-the-token',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  },
  { method: 'POST', path: '/inspector/logout' },
];

describe('the OpenAPI document against the answers given', function () {
  this.timeout(60_000);
  let service: TestService;

  before(async () => {
    service = await startTestService();
  });
  after(() => service?.stop());

  it('when the routes are declared, then each one is asked at least once here', () => {
    const unasked = declaredRoutes().filter(
      (route) =>
        !probes.some((probe) => probe.method === route.method.toUpperCase() && pathMatches(route.path, probe.path)),
    );
    expect(unasked.map((route) => `${route.method.toUpperCase()} ${route.path}`)).to.deep.equal([]);
  });

  it('when every operation is asked right and wrong, then every status answered is one the document lists for it', async () => {
    const document = (await getJson(`${service.url}/openapi.json`)).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
    };
    const templates = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
    const undocumented: string[] = [];
    const seen = new Set<string>();
    for (const probe of probes) {
      const answer = await rawRequest(
        service.url,
        await signedRequest(probe.method, probe.path, probe.body, probe.headers),
      );
      const path = probe.path.split('?')[0]!;
      const template = templates.find(({ pattern }) => pattern.test(path))?.template;
      expect(template, `no documented path for ${path}`).to.not.equal(undefined);
      const responses = document.paths[template!]![probe.method.toLowerCase()]!.responses;
      const documented = Object.keys(responses);
      seen.add(`${probe.method} ${template} ${answer.status}`);
      if (!documented.includes(String(answer.status)))
        undocumented.push(`${probe.method} ${probe.path} → ${answer.status} (documented: ${documented.join(', ')})`);
      // Where the document describes a body, the answer's media type is one it names (JSON, or a problem document).
      const mediaTypes = Object.keys(responses[String(answer.status)]?.content ?? {});
      const mediaType = String(answer.headers['content-type'] ?? '').split(';')[0]!;
      if (mediaTypes.length > 0 && !mediaTypes.includes(mediaType))
        undocumented.push(
          `${probe.method} ${probe.path} → ${answer.status} as ${mediaType} (documented: ${mediaTypes.join(', ')})`,
        );
    }
    expect(undocumented).to.deep.equal([]);
    // The matrix did reach the answers the issue found missing from the document.
    for (const expected of [
      'GET /concerts/{concertId} 400',
      'POST /payments 413',
      'POST /clients/{clientId}/bookings/{bookingId}/cancel 415',
      'GET /payments/{paymentId} 400',
    ]) {
      expect([...seen]).to.include(expected);
    }
  });

  it('when the document is read, then every operation lists 503 and 431, and those with a body 413 and 415', async () => {
    const document = (await getJson(`${service.url}/openapi.json`)).body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>>;
    };
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(methods)) {
        const statuses = Object.keys(operation.responses);
        expect(statuses, `${method} ${path}`).to.include.members(['431', '503']);
        if (operation.requestBody) expect(statuses, `${method} ${path}`).to.include.members(['400', '413', '415']);
      }
    }
  });
});
