// What projections write and hear besides their state: result streams of outputState, deletion notices, a subsystem restart.
import { expect } from 'chai';
import {
  append,
  eventually,
  startProjectionServer,
  unique,
  type ProjectionServer,
} from '../projections/eventstore-fixture.js';

describe('embedded EventStoreDB projections: result streams, deletions and restart of the subsystem', () => {
  let server: ProjectionServer;
  before(async () => (server = await startProjectionServer()));
  after(async () => server.stop());

  async function eventsOf(stream: string): Promise<{ type: string; data: unknown }[]> {
    const events = [];
    for await (const resolved of server.client.readStream(stream)) {
      if (resolved.event) events.push({ type: resolved.event.type, data: resolved.event.data });
    }
    return events;
  }

  it('when a projection outputs its state, then its results are written to $projections-<name>-result', async () => {
    const { client } = server;
    const category = `res${unique()}`;
    const name = `results-${category}`;
    await client.createProjection(
      name,
      `fromCategory('${category}').when({ $init: function () { return { n: 0 }; }, $any: function (s) { s.n += 1; } })
        .transformBy(function (s) { return { events: s.n }; }).outputState()`,
    );
    await append(client, `${category}-1`, 'A');
    await append(client, `${category}-1`, 'A');
    await eventually(async () => {
      const results = await eventsOf(`$projections-${name}-result`);
      expect(results.at(-1)).to.deep.equal({ type: 'Result', data: { events: 2 } });
    });
  });

  it('when a stream is deleted, then a foreachStream projection hears it in its $deleted handler', async () => {
    const { client } = server;
    const category = `gone${unique()}`;
    const name = `deleted-${category}`;
    await client.createProjection(
      name,
      `fromCategory('${category}').foreachStream().when({
        $any: function (s) { s.deleted = false; },
        $deleted: function (s, e, softDelete) { s.deleted = true; s.soft = softDelete; },
      })`,
    );
    await append(client, `${category}-soft`, 'A');
    await append(client, `${category}-hard`, 'A');
    await eventually(async () =>
      expect(await client.getProjectionState(name, { partition: `${category}-hard` })).to.deep.equal({
        deleted: false,
      }),
    );
    await client.deleteStream(`${category}-soft`);
    await client.tombstoneStream(`${category}-hard`);
    await eventually(async () => {
      expect(await client.getProjectionState(name, { partition: `${category}-soft` })).to.deep.equal({
        deleted: true,
        soft: true,
      });
      expect(await client.getProjectionState(name, { partition: `${category}-hard` })).to.deep.equal({
        deleted: true,
        soft: false,
      });
    });
  });

  it('when the projection subsystem restarts, then projections come back from the log and go on', async () => {
    const { client } = server;
    const category = `again${unique()}`;
    const name = `restart-${category}`;
    await client.createProjection(
      name,
      `fromCategory('${category}').when({ $init: function () { return { n: 0 }; }, $any: function (s) { s.n += 1; } })`,
    );
    await append(client, `${category}-1`, 'A');
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ n: 1 }));
    await client.restartSubsystem();
    await append(client, `${category}-1`, 'A');
    await eventually(async () => expect(await client.getProjectionState(name)).to.deep.equal({ n: 2 }));
    expect((await client.getProjectionStatus(name)).status).to.equal('Running');
  });
});
