// SERVICE_ROLES: what the configuration accepts, and two instances that split the roles between them (an API and a worker).
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config.js';
import { parseRoles } from '../../src/roles.js';
import { getJson } from '../support/http.js';
import { assertInvariants } from '../support/invariants.js';
import { startTestService, type TestService } from '../support/service.js';
import { BookingDriver, seats } from '../processes/booking-driver.js';

describe('roles in the configuration', () => {
  it('when SERVICE_ROLES is unset or empty, then the instance runs every role', () => {
    expect(loadConfig({}).roles).to.deep.equal(['api', 'processes', 'view', 'expirer']);
    expect(loadConfig({ SERVICE_ROLES: ' ' }).roles).to.deep.equal(['api', 'processes', 'view', 'expirer']);
  });

  it('when roles are listed, then each is taken once, in the canonical order, whatever the case and spacing', () => {
    expect(parseRoles('Expirer, api,api')).to.deep.equal(['api', 'expirer']);
    expect(loadConfig({ SERVICE_ROLES: 'view,processes' }).roles).to.deep.equal(['processes', 'view']);
  });

  it('when a role is unknown, then the start is refused naming the variable and the role', () => {
    expect(() => loadConfig({ SERVICE_ROLES: 'api,worker' }))
      .to.throw(ConfigError)
      .with.property('problems')
      .that.satisfies((problems: string[]) =>
        problems.some((problem) => problem.startsWith('SERVICE_ROLES') && problem.includes('worker')),
      );
  });

  it('when SERVICE_WORKER_ROLES names roles, then they are the ones run in a worker thread; unset, none is; an unknown one is refused', () => {
    expect(loadConfig({}).workerRoles).to.deep.equal([]);
    expect(loadConfig({ SERVICE_WORKER_ROLES: 'expirer,processes' }).workerRoles).to.deep.equal([
      'processes',
      'expirer',
    ]);
    expect(() => loadConfig({ SERVICE_WORKER_ROLES: 'threads' })).to.throw(ConfigError, 'SERVICE_WORKER_ROLES');
  });

  it('when INSTANCE_ID is set, then it names the instance; when it is not a plain name, then the start is refused', () => {
    expect(loadConfig({ INSTANCE_ID: 'api-1' }).instanceId).to.equal('api-1');
    expect(() => loadConfig({ INSTANCE_ID: 'a b<script>' })).to.throw(ConfigError, 'INSTANCE_ID');
    expect(() => loadConfig({ VIEW_LEASE_MS: '100' })).to.throw(ConfigError, 'VIEW_LEASE_MS');
  });
});

describe('an API instance and a worker instance', function () {
  this.timeout(60_000);
  let api: TestService;
  let worker: TestService;

  before(async () => {
    const mongoDatabase = `roles-${randomUUID().slice(0, 8)}`;
    worker = await startTestService({
      config: { mongoDatabase, instanceId: 'worker', roles: ['processes', 'view', 'expirer'] },
    });
    api = await startTestService({
      servers: worker.servers,
      config: { mongoDatabase, instanceId: 'api', roles: ['api'] },
    });
  });
  after(async () => {
    await api?.stop();
    await worker?.stop();
  });

  it('when a booking is placed on the API instance, then the worker confirms it and writes the view the API reads', async () => {
    const driver = new BookingDriver(() => api.url);
    const bookingId = await driver.place('alice', 'rock-night', seats(3, 1));
    await driver.until('alice', bookingId, ['Confirmed']);
    await assertInvariants(api.client, api.db, { expirationIntervalMs: 200 });
  });

  it('when the API instance reports, then it runs no consumer, no expirer and no view, and names the worker as the writer', async () => {
    const report = (await getJson(`${api.url}/processes`)).body;
    expect(report.instance).to.deep.equal({ id: 'api', roles: ['api'] });
    expect(report.processes.map((process: { consumers: number }) => process.consumers)).to.deep.equal([1, 1, 1]);
    expect(
      report.processes.every((process: { subscription: { subscribed: boolean } }) => !process.subscription.subscribed),
    ).to.equal(true);
    expect(report.view.writer).to.include({ instance: 'worker', here: false });
    expect(report.expiration).to.include({ runsHere: false, ticks: 0 });
    expect(report.instances.map(({ id, roles }: { id: string; roles: string[] }) => ({ id, roles }))).to.deep.equal([
      { id: 'api', roles: ['api'] },
      { id: 'worker', roles: ['processes', 'view', 'expirer'] },
    ]);
    const ready = await getJson(`${api.url}/ready`);
    expect(ready.status).to.equal(200);
    expect(ready.body.instance).to.deep.equal({ id: 'api', roles: ['api'] });
    expect(Object.keys(ready.body.checks)).to.include.members(['eventstoredb', 'mongodb']);
    for (const check of ['booking-confirmation', 'booking-payment', 'ticket-release', 'booking-view'])
      expect(Object.keys(ready.body.checks)).not.to.include(check);
  });

  it('when the worker is asked for the API, then it serves only health, readiness, the report and the document', async () => {
    expect((await getJson(`${worker.url}/concerts`)).body).to.include({ code: 'RouteNotFound' });
    const ready = await getJson(`${worker.url}/ready`);
    expect(ready.status).to.equal(200);
    expect(ready.body.instance).to.deep.equal({ id: 'worker', roles: ['processes', 'view', 'expirer'] });
    expect(Object.keys(ready.body.checks)).to.include.members(['booking-confirmation', 'booking-view']);
    const paths = Object.keys((await getJson(`${worker.url}/openapi.json`)).body.paths);
    expect(paths).to.include.members(['/health', '/ready', '/processes']).and.not.to.include('/payments');
    expect((await getJson(`${worker.url}/processes`)).body.view.writer).to.include({ instance: 'worker', here: true });
  });
});
