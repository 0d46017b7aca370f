// The Projections gRPC service through the client: create, state and result, statistics, update, enable/disable, reset, delete.
import { expect } from 'chai';
import { NotFoundError } from './client.js';
import {
  append,
  eventually,
  startProjectionServer,
  unique,
  type ProjectionServer,
} from '../projections/eventstore-fixture.js';

const countingQuery = (category: string) => `fromCategory('${category}').when({
  $init: function () { return { count: 0 }; },
  $any: function (s) { s.count += 1; },
})`;

describe('embedded EventStoreDB projections: management through the client', () => {
  let server: ProjectionServer;
  before(async () => (server = await startProjectionServer()));
  after(async () => server.stop());

  it('when a projection is created, then its state covers the events before and after it', async () => {
    const { client } = server;
    const category = `order${unique()}`;
    const name = `count-${category}`;
    await append(client, `${category}-1`, 'Placed');
    await append(client, `${category}-2`, 'Placed');
    await client.createProjection(name, countingQuery(category));
    await append(client, `${category}-1`, 'Shipped');
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ count: 3 }));
  });

  it('when a projection is partitioned, then each partition has its state and its result', async () => {
    const { client } = server;
    const category = `cart${unique()}`;
    const name = `per-stream-${category}`;
    await client.createProjection(
      name,
      `fromCategory('${category}').foreachStream().when({
        $init: function () { return { items: 0 }; },
        ItemAdded: function (s, e) { s.items += e.body.quantity; },
      }).transformBy(function (s) { return { total: s.items * 10 }; }).outputState()`,
    );
    await append(client, `${category}-a`, 'ItemAdded', { quantity: 2 });
    await append(client, `${category}-b`, 'ItemAdded', { quantity: 1 });
    await append(client, `${category}-a`, 'ItemAdded', { quantity: 3 });
    await eventually(async () =>
      expect(await client.getProjectionState(name, { partition: `${category}-a` })).to.deep.equal({ items: 5 }),
    );
    expect(await client.getProjectionState(name, { partition: `${category}-b` })).to.deep.equal({ items: 1 });
    expect(await client.getProjectionResult(name, { partition: `${category}-a` })).to.deep.equal({ total: 50 });
  });

  it('when a projection links with emitting enabled, then the links resolve to the original events', async () => {
    const { client } = server;
    const category = `visit${unique()}`;
    const name = `links-${category}`;
    await client.createProjection(
      name,
      `fromCategory('${category}').when({ $any: function (s, e) { linkTo('all${category}', e); } })`,
      {
        emitEnabled: true,
      },
    );
    await append(client, `${category}-1`, 'Visited', { page: 'home' });
    await append(client, `${category}-2`, 'Visited', { page: 'about' });
    const linked = await eventually(async () => {
      const events = [];
      for await (const resolved of client.readStream(`all${category}`, { resolveLinkTos: true })) events.push(resolved);
      expect(events).to.have.length(2);
      return events;
    });
    expect(linked.map((resolved) => resolved.event?.streamId)).to.deep.equal([`${category}-1`, `${category}-2`]);
    expect(linked.map((resolved) => resolved.link?.type)).to.deep.equal(['$>', '$>']);
  });

  it('when a projection handles only $init, then it runs, and disabled it is Stopped', async () => {
    const { client } = server;
    const name = `init-only-${unique()}`;
    await client.createProjection(name, 'fromAll().when({ $init: function () { return { started: true }; } })');
    await append(client, `initonly${unique()}-1`, 'Anything');
    // Faulting would come with the first event read: give it the time to read it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await client.getProjectionStatus(name)).status).to.equal('Running');
    await client.disableProjection(name);
    expect((await client.getProjectionStatus(name)).status).to.equal('Stopped');
  });

  it('when a projection emits without emitting enabled, then it is faulted and says why', async () => {
    const { client } = server;
    const category = `mail${unique()}`;
    const name = `emit-${category}`;
    await client.createProjection(
      name,
      `fromCategory('${category}').when({ $any: function (s, e) { emit('out${category}', 'Seen', {}); } })`,
    );
    await append(client, `${category}-1`, 'Sent');
    const status = await eventually(async () => {
      const details = await client.getProjectionStatus(name);
      expect(details.status).to.equal('Faulted');
      return details;
    });
    expect(status.stateReason).to.match(/'emit' is not allowed/);
  });

  it('when the statistics are asked for, then they tell status, version, progress and events processed', async () => {
    const { client } = server;
    const category = `stat${unique()}`;
    const name = `stats-${category}`;
    await append(client, `${category}-1`, 'A');
    await client.createProjection(name, countingQuery(category));
    const details = await eventually(async () => {
      const current = await client.getProjectionStatus(name);
      expect(current.eventsProcessedAfterRestart).to.equal(1n);
      return current;
    });
    expect(details).to.deep.include({
      name,
      effectiveName: name,
      status: 'Running',
      version: 1n,
      progress: 100,
      partitionsCached: 1,
    });
    expect(details.position).to.match(/^C:\d+\/P:\d+$/);
    const listed = await client.listProjections();
    expect(listed.map((projection) => projection.name)).to.include(name);
  });

  it('when a query is updated, then the version moves on and new events meet the new query, from the same state', async () => {
    const { client } = server;
    const category = `upd${unique()}`;
    const name = `update-${category}`;
    await client.createProjection(name, countingQuery(category));
    await append(client, `${category}-1`, 'A');
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ count: 1 }));
    await client.updateProjection(name, countingQuery(category).replace('s.count += 1', 's.count += 100'));
    await append(client, `${category}-1`, 'A');
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ count: 101 }));
    expect((await client.getProjectionStatus(name)).version).to.equal(2n);
  });

  it('when a projection is disabled, then it stops following the log; enabled again, it catches up', async () => {
    const { client } = server;
    const category = `pause${unique()}`;
    const name = `pause-${category}`;
    await client.createProjection(name, countingQuery(category));
    await append(client, `${category}-1`, 'A');
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ count: 1 }));
    await client.disableProjection(name);
    expect((await client.getProjectionStatus(name)).status).to.equal('Stopped');
    await append(client, `${category}-1`, 'A');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await client.getProjectionState(name)).to.deep.equal({ count: 1 });
    await client.enableProjection(name);
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ count: 2 }));
    expect((await client.getProjectionStatus(name)).status).to.equal('Running');
  });

  it('when a projection is reset, then its state is rebuilt from the first event with the current query', async () => {
    const { client } = server;
    const category = `reset${unique()}`;
    const name = `reset-${category}`;
    await client.createProjection(name, countingQuery(category));
    await append(client, `${category}-1`, 'A');
    await append(client, `${category}-2`, 'A');
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ count: 2 }));
    await client.updateProjection(name, countingQuery(category).replace('s.count += 1', 's.count += 10'));
    await client.resetProjection(name);
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ count: 20 }));
    expect((await client.getProjectionStatus(name)).epoch).to.equal(1n);
  });

  it('when a running projection is deleted, then it is refused; disabled first, it is gone and the name is free', async () => {
    const { client } = server;
    const category = `del${unique()}`;
    const name = `delete-${category}`;
    await client.createProjection(name, countingQuery(category));
    await append(client, `${category}-1`, 'A');
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ count: 1 }));
    let refused: unknown;
    await client.deleteProjection(name).catch((error: unknown) => (refused = error));
    expect(String(refused)).to.match(/must be disabled/);
    await client.disableProjection(name);
    await client.deleteProjection(name, { deleteCheckpointStream: true });
    expect((await client.listProjections()).map((projection) => projection.name)).to.not.include(name);
    let missing: unknown;
    await client.getProjectionState(name).catch((error: unknown) => (missing = error));
    expect(missing).to.be.instanceOf(NotFoundError);
    await client.createProjection(name, countingQuery(category));
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ count: 1 }));
  });

  it('when a projection that tracks its emitted streams is deleted with them, then those streams are gone', async () => {
    const { client } = server;
    const category = `track${unique()}`;
    const name = `track-${category}`;
    await client.createProjection(
      name,
      `fromCategory('${category}').when({ $any: function (s, e) { emit('copy${category}', 'Copied', {}); } })`,
      {
        emitEnabled: true,
        trackEmittedStreams: true,
      },
    );
    await append(client, `${category}-1`, 'A');
    await eventually(async () => {
      const events = [];
      for await (const resolved of client.readStream(`copy${category}`)) events.push(resolved);
      expect(events).to.have.length(1);
    });
    await client.disableProjection(name);
    await client.deleteProjection(name, { deleteEmittedStreams: true });
    let missing: unknown;
    try {
      for await (const resolved of client.readStream(`copy${category}`))
        expect.fail(`unexpected ${resolved.event?.type}`);
    } catch (error) {
      missing = error;
    }
    expect(missing).to.have.property('type', 'stream-not-found');
  });

  it('when a name is taken or unknown, then create and reads fail as on a real server', async () => {
    const { client } = server;
    const category = `dup${unique()}`;
    const name = `dup-${category}`;
    await client.createProjection(name, countingQuery(category));
    let conflict: unknown;
    await client.createProjection(name, countingQuery(category)).catch((error: unknown) => (conflict = error));
    expect(String(conflict)).to.match(/ALREADY_EXISTS: Conflict/);
    let missing: unknown;
    await client.getProjectionStatus(`missing-${category}`).catch((error: unknown) => (missing = error));
    expect(missing).to.be.instanceOf(NotFoundError);
  });
});
