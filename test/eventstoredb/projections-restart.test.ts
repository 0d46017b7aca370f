// Projections across a restart on the same data directory: definitions, states, enabled flags and emitted links survive.
import { expect } from 'chai';
import {
  append,
  eventually,
  startProjectionServer,
  unique,
  type ProjectionServer,
} from '../projections/eventstore-fixture.js';

const countingQuery = (category: string) =>
  `fromCategory('${category}').foreachStream().when({ $init: function () { return { n: 0 }; }, $any: function (s) { s.n += 1; } })`;

describe('embedded EventStoreDB projections: restart on the same data directory', () => {
  let server: ProjectionServer;
  beforeEach(async () => (server = await startProjectionServer()));
  afterEach(async () => server.stop());

  it('when the server restarts, then each partition state is back and new events continue from it', async () => {
    const category = `persist${unique()}`;
    const name = `persist-${category}`;
    await server.client.createProjection(name, countingQuery(category));
    await append(server.client, `${category}-a`, 'A');
    await append(server.client, `${category}-a`, 'A');
    await append(server.client, `${category}-b`, 'A');
    await eventually(async () =>
      expect(await server.client.getProjectionState(name, { partition: `${category}-b` })).to.deep.equal({ n: 1 }),
    );
    await server.restart();
    expect(await server.client.getProjectionState(name, { partition: `${category}-a` })).to.deep.equal({ n: 2 });
    await append(server.client, `${category}-a`, 'A');
    await eventually(async () =>
      expect(await server.client.getProjectionState(name, { partition: `${category}-a` })).to.deep.equal({ n: 3 }),
    );
    expect((await server.client.getProjectionStatus(name)).status).to.equal('Running');
  });

  it('when a disabled projection is restarted with the server, then it stays disabled with its state', async () => {
    const category = `off${unique()}`;
    const name = `off-${category}`;
    await server.client.createProjection(name, countingQuery(category));
    await append(server.client, `${category}-a`, 'A');
    await eventually(async () =>
      expect(await server.client.getProjectionState(name, { partition: `${category}-a` })).to.deep.equal({ n: 1 }),
    );
    await server.client.disableProjection(name);
    await server.restart();
    await append(server.client, `${category}-a`, 'A');
    expect((await server.client.getProjectionStatus(name)).status).to.equal('Stopped');
    expect(await server.client.getProjectionState(name, { partition: `${category}-a` })).to.deep.equal({ n: 1 });
  });

  it('when events are processed again after a reset or a restart, then their links are not written twice', async () => {
    const category = `again${unique()}`;
    const name = `again-${category}`;
    await server.client.createProjection(
      name,
      `fromCategory('${category}').when({ $any: function (s, e) { linkTo('seen${category}', e); } })`,
      {
        emitEnabled: true,
      },
    );
    await append(server.client, `${category}-1`, 'A');
    await append(server.client, `${category}-2`, 'A');
    const linkCount = async () => {
      let count = 0;
      for await (const resolved of server.client.readStream(`seen${category}`)) if (resolved.event) count += 1;
      return count;
    };
    await eventually(async () => expect(await linkCount()).to.equal(2));
    // A reset reads both events once more and writes the same links again: same ids, so the appends are idempotent.
    await server.client.resetProjection(name);
    await eventually(async () =>
      expect((await server.client.getProjectionStatus(name)).eventsProcessedAfterRestart).to.equal(2n),
    );
    expect(await linkCount()).to.equal(2);
    await server.restart();
    await append(server.client, `${category}-3`, 'A');
    await eventually(async () => expect(await linkCount()).to.equal(3));
  });
});
