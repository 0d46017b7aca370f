// The instance registry behind GET /processes' `instances`: every live instance with its roles, a clean stop leaving
// at once, a dead instance forgotten once its heartbeat is old.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { INSTANCES, InstanceRegistry } from '../../src/instances.js';
import { capturedLogger } from '../support/captured-logger.js';
import { startEmbeddedStores, type EmbeddedStores } from '../support/embedded-stores.js';

describe('instance registry', function () {
  this.timeout(30_000);
  let stores: EmbeddedStores;
  const { logger } = capturedLogger('warn');
  const registries: InstanceRegistry[] = [];
  const start = async (id: string, roles: ('api' | 'processes' | 'view' | 'expirer')[]) => {
    const registry = new InstanceRegistry(stores.db, { id, roles }, 60_000, logger);
    registries.push(registry);
    await registry.start();
    return registry;
  };

  beforeEach(async () => {
    stores = await startEmbeddedStores(`instances-${randomUUID().slice(0, 8)}`);
  });
  afterEach(async () => {
    await Promise.all(registries.splice(0).map((registry) => registry.stop()));
    await stores?.stop();
  });

  it('when two instances run, then either one lists both with their roles; when one stops cleanly, then it is gone at once', async () => {
    const api = await start('api-1', ['api']);
    const worker = await start('worker-1', ['processes', 'view', 'expirer']);
    expect((await api.list()).map(({ id, roles }) => ({ id, roles }))).to.deep.equal([
      { id: 'api-1', roles: ['api'] },
      { id: 'worker-1', roles: ['processes', 'view', 'expirer'] },
    ]);
    await worker.stop();
    expect((await api.list()).map(({ id }) => id)).to.deep.equal(['api-1']);
  });

  it('when an instance died (its heartbeat is older than three beats), then it is no longer listed and its record is deleted', async () => {
    const api = await start('api-1', ['api']);
    await stores.db.collection(INSTANCES).insertOne({
      _id: 'dead-1' as never,
      roles: ['processes'],
      startedAt: new Date(0),
      seenAt: new Date(Date.now() - 200_000),
    });
    expect((await api.list()).map(({ id }) => id)).to.deep.equal(['api-1']);
    expect(await stores.db.collection(INSTANCES).countDocuments({ _id: 'dead-1' as never })).to.equal(0);
  });
});
