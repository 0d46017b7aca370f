// Faulting projections through the client: a handler that throws or runs away is faulted with its reason; all else goes on.
import { expect } from 'chai';
import {
  append,
  eventually,
  startProjectionServer,
  unique,
  type ProjectionServer,
} from '../projections/eventstore-fixture.js';

describe('embedded EventStoreDB projections: faults', () => {
  let server: ProjectionServer;
  before(async () => (server = await startProjectionServer()));
  after(async () => server.stop());

  async function faultReason(name: string): Promise<string> {
    return eventually(async () => {
      const details = await server.client.getProjectionStatus(name);
      expect(details.status).to.equal('Faulted');
      return details.stateReason;
    });
  }

  it('when a handler throws, then that projection is faulted with the message and the others keep counting', async () => {
    const { client } = server;
    const category = `boom${unique()}`;
    await client.createProjection(
      `thrower-${category}`,
      `fromCategory('${category}').when({ Exploded: function () { throw new Error('cannot handle an explosion'); } })`,
    );
    await client.createProjection(
      `counter-${category}`,
      `fromCategory('${category}').when({ $init: function () { return { n: 0 }; }, $any: function (s) { s.n += 1; } })`,
    );
    await append(client, `${category}-1`, 'Exploded');
    await append(client, `${category}-1`, 'Calm');
    expect(await faultReason(`thrower-${category}`)).to.equal('cannot handle an explosion');
    await eventually(async () =>
      expect(await client.getProjectionState(`counter-${category}`)).to.deep.equal({ n: 2 }),
    );
  });

  it('when a handler runs away, then it is faulted on its time limit and the server still answers', async () => {
    const { client } = server;
    const category = `loop${unique()}`;
    await client.createProjection(
      `runaway-${category}`,
      `fromCategory('${category}').when({ $any: function () { for (;;) {} } })`,
    );
    await append(client, `${category}-1`, 'Started');
    expect(await faultReason(`runaway-${category}`)).to.match(/ran longer than its time limit of 250 ms/);
    await append(client, `${category}-1`, 'StillWritable');
  });

  it('when transformBy throws while a checkpoint writes the results, then the projection is faulted and the server goes on', async () => {
    const { client } = server;
    const category = `untransformable${unique()}`;
    const name = `transform-${category}`;
    await client.createProjection(
      name,
      `fromCategory('${category}').when({ $init: function () { return { n: 0 }; }, $any: function (s) { s.n += 1; } })` +
        `.transformBy(function (s) { if (s.n > 0) throw new Error('cannot transform'); return s; })`,
    );
    await append(client, `${category}-1`, 'Counted');
    expect(await faultReason(name)).to.equal('cannot transform');
    await append(client, `${category}-1`, 'StillWritable');
  });

  it('when a query does not compile, then the projection exists but is faulted with the syntax error', async () => {
    const { client } = server;
    const name = `broken-${unique()}`;
    await client.createProjection(name, 'fromAll().when({ $any: function (s, e) { ');
    expect(await faultReason(name)).to.match(/Unexpected end of input/);
  });

  it('when a faulted projection gets a fixed query and is enabled, then it runs again from its last checkpoint', async () => {
    const { client } = server;
    const category = `fix${unique()}`;
    const name = `fixable-${category}`;
    await client.createProjection(
      name,
      `fromCategory('${category}').when({ $any: function () { throw new Error('not yet'); } })`,
    );
    await append(client, `${category}-1`, 'A');
    await faultReason(name);
    await client.updateProjection(
      name,
      `fromCategory('${category}').when({ $init: function () { return { n: 0 }; }, $any: function (s) { s.n += 1; } })`,
    );
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ n: 1 }));
    expect((await client.getProjectionStatus(name)).status).to.equal('Running');
  });
});
