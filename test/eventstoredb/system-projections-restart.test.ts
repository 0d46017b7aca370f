// The standard projections across a restart on the same data directory: enabled flags, checkpoints and resets survive.
import { expect } from 'chai';
import type { EventStoreDBClient } from './client.js';
import { append, eventually, unique } from '../projections/eventstore-fixture.js';
import { startRestartableEventStore, type RestartableEventStore } from '../support/restartable-eventstore.js';

const linked = async (client: EventStoreDBClient, stream: string): Promise<string[]> => {
  const types: string[] = [];
  try {
    for await (const resolved of client.readStream(stream, { resolveLinkTos: true }))
      types.push(resolved.event?.type ?? '?');
  } catch {
    return [];
  }
  return types;
};

describe('embedded EventStoreDB standard projections: restart on the same data directory', () => {
  let server: RestartableEventStore;
  afterEach(async () => server.stop());

  it('when started without StartStandardProjections, then a disabled one stays stopped; enabled, it links what it missed, once', async () => {
    server = await startRestartableEventStore('esdb-system-', { startStandardProjections: false });
    expect((await server.client.getProjectionStatus('$by_category')).status).to.equal('Stopped');
    await server.client.enableProjection('$by_category');
    const category = `keep${unique()}`;
    await append(server.client, `${category}-1`, 'A');
    await eventually(async () => expect(await linked(server.client, `$ce-${category}`)).to.deep.equal(['A']));
    await server.client.disableProjection('$by_category');
    await append(server.client, `${category}-1`, 'B');
    await server.restart();
    expect((await server.client.getProjectionStatus('$by_category')).status).to.equal('Stopped');
    await append(server.client, `${category}-2`, 'C');
    await server.client.enableProjection('$by_category');
    await eventually(async () => expect(await linked(server.client, `$ce-${category}`)).to.deep.equal(['A', 'B', 'C']));
  });

  it('when started with StartStandardProjections (the default), then a disabled one runs again after the restart', async () => {
    server = await startRestartableEventStore('esdb-system-');
    await server.client.disableProjection('$by_correlation_id');
    await server.restart();
    expect((await server.client.getProjectionStatus('$by_correlation_id')).status).to.equal('Running');
  });

  it('when the server restarts right after a reset, then the links are written again from the first event, once each', async () => {
    server = await startRestartableEventStore('esdb-system-');
    const type = `Again${unique()}`;
    await append(server.client, `a${unique()}-1`, type);
    await append(server.client, `b${unique()}-1`, type);
    await eventually(async () => expect(await linked(server.client, `$et-${type}`)).to.have.length(2));
    await server.client.disableProjection('$by_event_type');
    await server.client.resetProjection('$by_event_type');
    await server.restart();
    await append(server.client, `c${unique()}-1`, type);
    await eventually(async () => expect(await linked(server.client, `$et-${type}`)).to.deep.equal([type, type, type]));
    expect((await server.client.getProjectionStatus('$by_event_type')).epoch).to.equal(1n);
  });
});
