// Deployment at start-up: create what is missing (emitting where the query emits), update what changed, leave the rest.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { capturedLogger } from '../support/captured-logger.js';
import { deployProjections } from '../../src/projections/deploy.js';
import { append, eventually, startProjectionServer, unique, type ProjectionServer } from './eventstore-fixture.js';

describe('projection deployment', () => {
  let server: ProjectionServer;
  let directory: string;
  const { lines: logs, logger } = capturedLogger();
  const category = `deploy${unique()}`;
  const counting = (step: number) =>
    `fromCategory('${category}').when({ $init: function () { return { n: 0 }; }, $any: function (s) { s.n += ${step}; } })`;
  const linking = `fromCategory('${category}').when({ $any: function (s, e) { linkTo('copies${category}', e); } })`;

  before(async () => {
    server = await startProjectionServer();
    directory = await mkdtemp(join(tmpdir(), 'projection-files-'));
    await writeFile(join(directory, `${category}-count.js`), counting(1));
    await writeFile(join(directory, `${category}-links.js`), linking);
    await writeFile(join(directory, 'README.md'), 'not a projection');
  });
  after(async () => {
    await server.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('when projections are missing, then each .js file is created, with emitting enabled where it links, and logged', async () => {
    const outcomes = await deployProjections(server.client, { logger, directory });
    expect(outcomes).to.deep.equal([
      { name: `${category}-count`, action: 'created' },
      { name: `${category}-links`, action: 'created' },
    ]);
    await append(server.client, `${category}-1`, 'Happened');
    await eventually(async () =>
      expect(await server.client.getProjectionState(`${category}-count`)).to.deep.equal({ n: 1 }),
    );
    // Without emitEnabled the linking projection would be faulted by its first event.
    await eventually(async () => {
      const links = [];
      for await (const resolved of server.client.readStream(`copies${category}`)) links.push(resolved);
      expect(links).to.have.length(1);
    });
    expect((await server.client.getProjectionStatus(`${category}-links`)).status).to.equal('Running');
    expect(logs.filter((line) => line.action === 'created').map((line) => line.projection)).to.deep.equal([
      `${category}-count`,
      `${category}-links`,
    ]);
  });

  it('when nothing changed, then every projection is left alone', async () => {
    const outcomes = await deployProjections(server.client, { logger, directory });
    expect(outcomes.map((outcome) => outcome.action)).to.deep.equal(['unchanged', 'unchanged']);
    expect((await server.client.getProjectionStatus(`${category}-count`)).version).to.equal(1n);
  });

  it('when one query changed, then only that projection is updated and its state rebuilt with the new query', async () => {
    await writeFile(join(directory, `${category}-count.js`), counting(10));
    const outcomes = await deployProjections(server.client, { logger, directory });
    expect(outcomes).to.deep.equal([
      { name: `${category}-count`, action: 'updated' },
      { name: `${category}-links`, action: 'unchanged' },
    ]);
    expect((await server.client.getProjectionStatus(`${category}-count`)).version).to.equal(2n);
    await eventually(async () =>
      expect(await server.client.getProjectionState(`${category}-count`)).to.deep.equal({ n: 10 }),
    );
    expect(logs.some((line) => line.projection === `${category}-count` && line.action === 'updated')).to.equal(true);
  });

  it('when two instances deploy at the same moment, then both start and each projection is created once', async () => {
    const concurrent = `race${unique()}`;
    await writeFile(join(directory, `${concurrent}.js`), counting(1).replace(category, concurrent));
    const [first, second] = await Promise.all([
      deployProjections(server.client, { logger, directory }),
      deployProjections(server.client, { logger, directory }),
    ]);
    const actions = [...first, ...second]
      .filter((outcome) => outcome.name === concurrent)
      .map((outcome) => outcome.action);
    expect(actions.filter((action) => action === 'created')).to.have.length(1);
    expect((await server.client.getProjectionStatus(concurrent)).status).to.equal('Running');
  });
});
