// Each route is declared once (src/http/route.ts); these specs walk the declarations themselves, so a route added
// anywhere is checked here without editing a list: documented with its statuses, guarded, and 405 for other methods.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import { Router } from 'express';
import { createApp, type AppOptions } from '../../src/http/app.js';
import { defineRoute } from '../../src/http/route.js';
import { clientPathSchema } from '../../src/http/schemas.js';
import { asOperator } from '../support/credentials.js';
import { concrete, declaredRoutes, standInOptions as options } from '../support/declared-routes.js';
import { getJson, request } from '../support/http.js';

async function listen(appOptions: AppOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const server = await new Promise<Server>((resolve) => {
    const listening = createApp(appOptions).listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => void server.close(() => resolve())),
  };
}

async function serve(appOptions: AppOptions, use: (url: string) => Promise<void>): Promise<void> {
  const { url, close } = await listen(appOptions);
  try {
    await use(url);
  } finally {
    await close();
  }
}

const declared = declaredRoutes();
const paths = [...new Set(declared.map((route) => route.path))];
const methodsOn = (path: string) =>
  declared.filter((route) => route.path === path).map((route) => route.method.toUpperCase());

describe('the declared routes', () => {
  let url: string;
  let close: () => Promise<void>;
  before(async () => {
    ({ url, close } = await listen(options()));
  });
  after(() => close());

  it('when the service is composed, then the declarations include the API, the login form and the modules added', () => {
    expect(declared.map((route) => `${route.method.toUpperCase()} ${route.path}`)).to.include.members([
      'POST /clients/{clientId}/bookings',
      'GET /payments/{paymentId}',
      'POST /inspector/login',
      'GET /openapi.json',
      'GET /processes',
      'GET /stats',
    ]);
  });

  it('when /openapi.json is read, then every declared route is in it with every status it declares, and nothing else is', async () => {
    const { body } = await getJson(`${url}/openapi.json`);
    const documented = body.paths as Record<
      string,
      Record<string, { responses: Record<string, unknown>; security?: unknown }>
    >;
    for (const route of declared) {
      const operation = documented[route.path]?.[route.method];
      expect(operation, `${route.method} ${route.path}`).to.not.equal(undefined);
      expect(Object.keys(operation!.responses), `${route.method} ${route.path}`).to.include.members(
        Object.keys(route.responses),
      );
      if (route.access !== 'public')
        expect(Object.keys(operation!.responses), `${route.method} ${route.path}`).to.include('401');
    }
    const operations = Object.entries(documented).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(operations).to.have.members(declared.map((route) => `${route.method} ${route.path}`));
  });

  it('when a route that declares who may call it is asked without credentials, then its guard answers 401 before anything runs', async () => {
    for (const route of declared.filter((declaredRoute) => declaredRoute.access !== 'public')) {
      const answer = await request(
        `${url}${concrete(route.path)}`,
        { method: route.method.toUpperCase() },
        { credentials: 'none' },
      );
      expect(answer.status, `${route.method} ${route.path} (${route.access})`).to.equal(401);
      expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
    }
  });

  for (const path of paths) {
    it(`when ${path} is asked with a method not declared on it, then 405 problem+json with Allow naming the declared ones`, async () => {
      const allowed = methodsOn(path);
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((method) => !allowed.includes(method))) {
        // The operator's token, so that the guard in front of /inspector lets the request reach the routing.
        const answer = await request(`${url}${concrete(path)}`, { method, headers: asOperator() });
        expect(answer.status, `${method} ${path}`).to.equal(405);
        expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
        expect(answer.body.code).to.equal('MethodNotAllowed');
        expect(answer.headers.get('allow')?.split(', ')).to.have.members(allowed);
      }
    });
  }

  it('when a path matches no declaration, then 404 problem+json RouteNotFound, whatever the method', async () => {
    for (const method of ['GET', 'POST', 'DELETE']) {
      const answer = await request(
        `${url}/clients/some-id/bookings/some-id/refund`,
        { method },
        { credentials: 'none' },
      );
      expect(answer.status, method).to.equal(404);
      expect(answer.body.code).to.equal('RouteNotFound');
    }
  });
});

describe('routes added by a module', () => {
  it('when a module declares an operator route, then its guard comes from the declaration: no token 401, the token 200', async () => {
    const audit = defineRoute({
      method: 'get',
      path: '/audit',
      access: 'operator',
      summary: 'audit',
      responses: { 200: { description: 'the audit' } },
      handle(_input, res) {
        res.json({ secret: true });
      },
    });
    await serve(options([{ routes: [audit] }]), async (url) => {
      expect((await request(`${url}/audit`, {}, { credentials: 'none' })).status).to.equal(401);
      expect((await request(`${url}/audit`, { headers: asOperator() })).body).to.deep.equal({ secret: true });
    });
  });

  it('when a module brings pages, then they are reached under /inspector only: anything else they serve is a 404', async () => {
    const pages = Router();
    pages.get('/inspector/hello', (_req, res) => void res.send('hello'));
    pages.get('/admin/secrets', (_req, res) => void res.json({ secret: true }));
    await serve(options([{ pages }]), async (url) => {
      expect((await request(`${url}/inspector/hello`, { headers: asOperator() })).body).to.equal('hello');
      expect((await request(`${url}/inspector/hello`, {}, { credentials: 'none' })).status).to.equal(401);
      const outside = await request(`${url}/admin/secrets`, { headers: asOperator() });
      expect(outside.status).to.equal(404);
      expect(outside.body.code).to.equal('RouteNotFound');
    });
  });

  it('when a route names a path parameter its params schema does not parse (or the reverse), then it cannot be declared', () => {
    const declare = (path: string, params?: typeof clientPathSchema) => () =>
      defineRoute({
        method: 'get',
        path,
        access: 'public',
        summary: 'x',
        params,
        responses: { 200: { description: 'ok' } },
        handle: () => undefined,
      });
    expect(declare('/clients/{clientId}')).to.throw(
      /GET \/clients\/\{clientId\}: its path names \{clientId\} but its params schema parses \{\}/,
    );
    expect(declare('/clients', clientPathSchema)).to.throw(
      /its path names \{\} but its params schema parses \{clientId\}/,
    );
    expect(declare('/clients/{clientId}', clientPathSchema)).to.not.throw();
  });

  it('when a module declares a route the app already has, then the app refuses to start, naming it', () => {
    const again = defineRoute({
      method: 'get',
      path: '/health',
      access: 'public',
      summary: 'again',
      responses: { 200: { description: 'ok' } },
      handle: () => undefined,
    });
    expect(() => createApp(options([{ routes: [again] }]))).to.throw(/GET \/health is declared twice/);
  });
});
