// Consumer groups at start-up against the embedded EventStoreDB: created when missing, left alone when equal, updated when changed.
import { EventStoreDBClient, persistentSubscriptionToStreamSettingsFromDefaults, START } from '@eventstore/db-client';
import { expect } from 'chai';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { consumerGroup, ensureConsumerGroup } from '../../src/processes/consumer-group.js';

describe('consumer group at start-up', function () {
  this.timeout(20_000);
  let eventStore: EmbeddedEventStoreDB;
  let client: EventStoreDBClient;

  before(async () => {
    eventStore = await startEventStoreDB({ port: 0 });
    client = EventStoreDBClient.connectionString(eventStore.connectionString);
  });
  after(async () => {
    await client.dispose();
    await eventStore.stop();
  });

  it('when the group is missing, then it is created with links resolved, from the start', async () => {
    const group = consumerGroup('$et-Missing', 'created');
    expect(await ensureConsumerGroup(client, group)).to.deep.equal({ action: 'created' });
    const info = await client.getPersistentSubscriptionToStreamInfo('$et-Missing', 'created');
    expect(info.settings).to.include({ resolveLinkTos: true, maxRetryCount: 10, messageTimeout: 30_000, checkPointUpperBound: 500 });
    expect(info.settings.startFrom).to.equal(START);
  });

  it('when the group exists with the same settings, then it is left unchanged', async () => {
    const group = consumerGroup('$et-Same', 'same');
    await ensureConsumerGroup(client, group);
    expect(await ensureConsumerGroup(client, group)).to.deep.equal({ action: 'unchanged' });
  });

  it('when the group exists with other settings, then it is updated to ours and says which changed', async () => {
    await client.createPersistentSubscriptionToStream(
      '$et-Changed',
      'changed',
      persistentSubscriptionToStreamSettingsFromDefaults({ resolveLinkTos: true, maxRetryCount: 3, messageTimeout: 5_000 }),
    );
    const outcome = await ensureConsumerGroup(client, consumerGroup('$et-Changed', 'changed'));
    expect(outcome.action).to.equal('updated');
    expect(outcome).to.have.property('changed').that.includes.members(['maxRetryCount', 'messageTimeout']);
    const info = await client.getPersistentSubscriptionToStreamInfo('$et-Changed', 'changed');
    expect(info.settings.maxRetryCount).to.equal(10);
  });
});
