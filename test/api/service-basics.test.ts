// Cross-cutting behaviour of the HTTP layer: health, readiness, OpenAPI, unknown routes, request ids, hidden stacks.
import { randomUUID } from 'node:crypto';
import { jsonEvent } from '@eventstore/db-client';
import { expect } from 'chai';
import { bookingStream } from '../../src/bookings/stream.js';
import { declaredRoutes } from '../support/declared-routes.js';
import { getJson, postJson, request } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

describe('service basics', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(async () => {
    await service.stop();
  });

  it('when liveness is asked, then 200 ok', async () => {
    const answer = await getJson(`${service.url}/health`);
    expect(answer.status).to.equal(200);
    expect(answer.body).to.deep.equal({ status: 'ok' });
  });

  it('when readiness is asked, then EventStoreDB and MongoDB are checked, and it is ready exactly when every check is', async () => {
    const answer = await getJson(`${service.url}/ready`);
    expect(answer.body.checks.eventstoredb).to.deep.equal({ ok: true, state: 'up' });
    expect(answer.body.checks.mongodb).to.deep.equal({ ok: true, state: 'up' });
    expect(answer.body.checks['booking-view']).to.deep.equal({ ok: true, state: 'live' });
    const allOk = Object.values(answer.body.checks as Record<string, { ok: boolean }>).every((check) => check.ok);
    expect(answer.status).to.equal(allOk ? 200 : 503);
    expect(answer.body.status).to.equal(allOk ? 'ready' : 'not ready');
  });

  it('when /openapi.json is fetched, then an OpenAPI 3.1 document lists every declared route with schemas from zod', async () => {
    const answer = await getJson(`${service.url}/openapi.json`);
    expect(answer.status).to.equal(200);
    expect(answer.body.openapi).to.equal('3.1.0');
    const paths = answer.body.paths;
    // The service as composed (src/service.ts) documents every route declared, its modules' included.
    const operations = Object.entries(paths as Record<string, Record<string, unknown>>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(operations).to.have.members(declaredRoutes().map((route) => `${route.method} ${route.path}`));
    const place = paths['/clients/{clientId}/bookings'].post;
    const body = place.requestBody.content['application/json'].schema;
    expect(body.required).to.have.members(['concertId', 'seats']);
    expect(body.additionalProperties).to.equal(false);
    expect(body.properties.seats.maxItems).to.equal(100);
    expect(place.parameters[0]).to.include({ name: 'clientId', in: 'path', required: true });
    const list = paths['/clients/{clientId}/bookings'].get;
    const limit = list.parameters.find((parameter: { name: string }) => parameter.name === 'limit');
    expect(limit.schema).to.include({ minimum: 1, maximum: 100 });
    const concert = paths['/concerts/{concertId}'].get.responses['200'].content['application/json'].schema;
    expect(JSON.stringify(concert)).to.contain('settledRevenue');
  });

  it('when a route does not exist, then 404 problem+json RouteNotFound', async () => {
    const answer = await getJson(`${service.url}/no/such/route`);
    expect(answer.status).to.equal(404);
    expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(answer.body.code).to.equal('RouteNotFound');
  });

  it('when a method is not served on a route, then 405 problem+json with Allow', async () => {
    const answer = await request(`${service.url}/payments`, { method: 'DELETE' });
    expect(answer.status).to.equal(405);
    expect(answer.headers.get('allow')).to.equal('POST');
    expect(answer.body.code).to.equal('MethodNotAllowed');
  });

  it('when a request carries X-Request-Id, then the answer echoes it and the log lines of that request name it', async () => {
    const requestId = `req-${randomUUID()}`;
    const answer = await postJson(
      `${service.url}/clients/alice/bookings`,
      { concertId: 'rock-night', seats: [] },
      { 'X-Request-Id': requestId },
    );
    expect(answer.headers.get('x-request-id')).to.equal(requestId);
    expect(answer.body.requestId).to.equal(requestId);
    const lines = service.logs.filter((line) => line.requestId === requestId);
    expect(lines.map((line) => line.message)).to.include.members(['request refused', 'request']);
  });

  it('when a request has no usable X-Request-Id, then the service makes one', async () => {
    const answer = await getJson(`${service.url}/health`, { 'X-Request-Id': 'spaces are not allowed' });
    const id = answer.headers.get('x-request-id');
    expect(id).to.match(/^[0-9a-f-]{36}$/);
  });

  it('when the service fails unexpectedly, then 500 problem+json without a stack, and the log has the stream and revision', async () => {
    const bookingId = `corrupt-${randomUUID().slice(0, 8)}`;
    const placed = await postJson(`${service.url}/clients/alice/bookings`, {
      concertId: 'rock-night',
      seats: [{ row: 30, number: 1 }],
      bookingId,
    });
    expect(placed.status).to.equal(201);
    // An event no version of the booking knows: folding must stop at it, not skip it.
    await service.client.appendToStream(
      bookingStream(bookingId),
      jsonEvent({ type: 'BookingTeleported', data: { bookingId } }),
    );
    const answer = await postJson(`${service.url}/clients/alice/bookings/${bookingId}/cancel`, { reason: 'any' });
    expect(answer.status).to.equal(500);
    expect(answer.body.code).to.equal('InternalError');
    expect(JSON.stringify(answer.body)).to.not.match(/at .*\.ts:\d+|stack/i);
    const failure = service.logs.find(
      (line) => line.message === 'request failed' && line.requestId === answer.body.requestId,
    );
    expect(String(failure?.error)).to.include(`BookingTeleported at ${bookingStream(bookingId)}@`);
    expect((await getJson(`${service.url}/health`)).status).to.equal(200);
  });
});
