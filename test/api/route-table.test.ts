// Each route's OpenAPI entry is its declaration of who may call it: the app refuses to start with a route that has
// none (it would be served unguarded and undocumented) or an entry that no route serves.
import { expect } from 'chai';
import { Router } from 'express';
import { systemClock } from '../../src/core/clock.js';
import { aggregateHandlers } from '../../src/eventstore/aggregate-handlers.js';
import type { CommandHandler } from '../../src/eventstore/command-handler.js';
import { createApp, type AppOptions, type RouteModule } from '../../src/http/app.js';
import { operations } from '../../src/http/openapi.js';
import { servedRoutes } from '../../src/http/route-table.js';
import { capturedLogger } from '../support/captured-logger.js';
import { testAuth } from '../support/credentials.js';

const unused = async () => {
  throw new Error('not used by this test');
};
const options = (routeModules: RouteModule[] = []): AppOptions => ({
  auth: testAuth,
  ...aggregateHandlers({ load: unused, handle: unused } as unknown as CommandHandler),
  clock: systemClock,
  logger: capturedLogger().logger,
  concertIds: [],
  bookingReads: { list: unused, get: unused },
  routeModules,
});

describe('routes and their OpenAPI entries', () => {
  it('when the app is built, then the routes it serves are exactly the operations of its document', () => {
    const app = createApp(options());
    const served = new Set(servedRoutes(app).map((route) => `${route.method.toUpperCase()} ${route.path}`));
    expect([...served]).to.have.members(operations.map((spec) => `${spec.method.toUpperCase()} ${spec.path}`));
    expect([...served]).to.include.members(['POST /clients/{clientId}/bookings', 'GET /payments/{paymentId}', 'POST /inspector/login', 'GET /openapi.json']);
  });

  it('when a route module serves a route it does not document, then the app refuses to start, naming it', () => {
    const router = Router();
    router.get('/admin/secrets', (_req, res) => void res.json({}));
    expect(() => createApp(options([{ router }]))).to.throw(/served without an OpenAPI entry.*GET \/admin\/secrets/);
  });

  it('when a route module documents a route it does not serve, then the app refuses to start, naming it', () => {
    const module: RouteModule = { router: Router(), operations: [{ method: 'get', path: '/ghost', access: 'operator', summary: 'nothing', responses: { 200: { description: 'never' } } }] };
    expect(() => createApp(options([module]))).to.throw(/documented but served by no route: GET \/ghost/);
  });

  it('when a documented operator route is served, then its guard comes from the entry: no token, 401', async () => {
    const router = Router();
    router.get('/audit', (_req, res) => void res.json({ secret: true }));
    const module: RouteModule = { router, operations: [{ method: 'get', path: '/audit', access: 'operator', summary: 'audit', responses: { 200: { description: 'the audit' } } }] };
    const app = createApp(options([module]));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const { port } = server.address() as { port: number };
      const answer = await fetch(`http://127.0.0.1:${port}/audit`);
      expect(answer.status).to.equal(401);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
