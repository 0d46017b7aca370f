// GET /processes' figures against the embedded EventStoreDB: the lag of a group on a stream and of a group on `$all`.
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { expect } from 'chai';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { consumerGroup, consumerGroupOnAll, ensureConsumerGroup } from '../../src/processes/consumer-group.js';
import type { ConsumerStatus } from '../../src/processes/process-consumer.js';
import { processesReport } from '../../src/processes/processes-report.js';
import { eventually } from '../support/eventually.js';

const idle = { subscribed: false, inFlight: 0, handled: 0, retried: 0, parked: 0, resubscriptions: 0, lastError: null };
const view = {
  status: () => ({
    subscribed: true,
    caughtUp: true,
    rebuilding: false,
    checkpoint: null,
    queued: 0,
    lagMs: null,
    applied: 0,
    lastError: null,
  }),
};
const expirer = {
  status: () => ({ ticks: 0, skippedTicks: 0, viewIncompleteTicks: 0, expired: 0, lastTickAt: null, lastError: null }),
};

describe('processes report', function () {
  this.timeout(20_000);
  let server: EmbeddedEventStoreDB;
  let client: EventStoreDBClient;

  before(async () => {
    server = await startEventStoreDB({ port: 0 });
    client = EventStoreDBClient.connectionString(server.connectionString);
    await client.appendToStream('report-1', [
      jsonEvent({ type: 'Wanted', data: {} }),
      jsonEvent({ type: 'Other', data: {} }),
      jsonEvent({ type: 'Wanted', data: {} }),
      jsonEvent({ type: 'AlsoWanted', data: {} }),
    ]);
  });
  after(async () => {
    await client.dispose();
    await server.stop();
  });

  const report = (status: ConsumerStatus) =>
    processesReport({ client, consumers: [{ status: () => status }], view, expirer });

  it('when a group on $all has handled nothing yet, then its lag counts the events of its types, not the positions between', async () => {
    await ensureConsumerGroup(client, consumerGroupOnAll(['Wanted', 'AlsoWanted'], 'report-all'));
    const { processes } = await report({
      name: 'p',
      stream: '$all',
      eventTypes: ['Wanted', 'AlsoWanted'],
      group: 'report-all',
      ...idle,
    });
    expect(processes[0]).to.include({ lag: 3 });
    expect(processes[0]).to.have.property('checkpointPosition', null);
  });

  it('when a group on a stream has handled nothing yet, then its lag is the events of its stream', async () => {
    await ensureConsumerGroup(client, consumerGroup('$et-Wanted', 'report-stream'));
    await eventually(async () => {
      const { processes } = await report({ name: 'p', stream: '$et-Wanted', group: 'report-stream', ...idle });
      expect(processes[0]).to.include({ checkpoint: null, lastEvent: 1, lag: 2 });
    });
  });

  it('when the view is being rebuilt, then the report says so in its state', async () => {
    const rebuilding = { status: () => ({ ...view.status(), rebuilding: true, caughtUp: false }) };
    const report = await processesReport({ client, consumers: [], view: rebuilding, expirer });
    expect(report.view).to.include({ state: 'rebuilding', rebuilding: true });
    const live = await processesReport({ client, consumers: [], view, expirer });
    expect(live.view).to.include({ state: 'live', rebuilding: false });
  });
});
