// Consumer groups at start-up against the embedded EventStoreDB: created when missing, left alone when equal, updated when changed.
import {
  EventStoreDBClient,
  eventTypeFilter,
  jsonEvent,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  START,
} from '@eventstore/db-client';
import { expect } from 'chai';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { consumerGroup, consumerGroupOnAll, ensureConsumerGroup } from '../../src/processes/consumer-group.js';

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
    expect(info.settings).to.include({
      resolveLinkTos: true,
      maxRetryCount: 10,
      messageTimeout: 30_000,
      checkPointUpperBound: 500,
    });
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
      persistentSubscriptionToStreamSettingsFromDefaults({
        resolveLinkTos: true,
        maxRetryCount: 3,
        messageTimeout: 5_000,
      }),
    );
    const outcome = await ensureConsumerGroup(client, consumerGroup('$et-Changed', 'changed'));
    expect(outcome.action).to.equal('updated');
    expect(outcome).to.have.property('changed').that.includes.members(['maxRetryCount', 'messageTimeout']);
    const info = await client.getPersistentSubscriptionToStreamInfo('$et-Changed', 'changed');
    expect(info.settings.maxRetryCount).to.equal(10);
  });

  it('when a group on $all is missing, then it is created from the start and the server sends it only events of its exact types', async () => {
    await client.appendToStream('filtered-1', [
      jsonEvent({ type: 'ReleaseWanted', data: {} }),
      jsonEvent({ type: 'ReleaseWantedV2', data: {} }),
      jsonEvent({ type: 'Other', data: {} }),
      jsonEvent({ type: 'AlsoWanted', data: {} }),
    ]);
    expect(
      await ensureConsumerGroup(client, consumerGroupOnAll(['ReleaseWanted', 'AlsoWanted'], 'all-created')),
    ).to.deep.equal({ action: 'created' });
    const info = await client.getPersistentSubscriptionToAllInfo('all-created');
    expect(info.settings).to.include({ maxRetryCount: 10, messageTimeout: 30_000 });
    expect(info.settings.startFrom).to.equal(START);

    await client.appendToStream('filtered-2', [
      jsonEvent({ type: 'Other', data: {} }),
      jsonEvent({ type: 'ReleaseWanted', data: { last: true } }),
    ]);
    const subscription = client.subscribeToPersistentSubscriptionToAll('all-created');
    const seen: string[] = [];
    for await (const delivery of subscription) {
      seen.push(`${delivery.event!.streamId}/${delivery.event!.type}`);
      await subscription.ack(delivery);
      if ((delivery.event!.data as { last?: boolean }).last) break;
    }
    await subscription.unsubscribe();
    expect(seen).to.deep.equal(['filtered-1/ReleaseWanted', 'filtered-1/AlsoWanted', 'filtered-2/ReleaseWanted']);
  });

  it('when a group on $all exists with other settings, then it is updated to ours', async () => {
    await client.createPersistentSubscriptionToAll(
      'all-changed',
      persistentSubscriptionToAllSettingsFromDefaults({ maxRetryCount: 3, startFrom: START }),
      {
        filter: eventTypeFilter({ regex: '^ReleaseWanted$' }),
      },
    );
    const outcome = await ensureConsumerGroup(client, consumerGroupOnAll(['ReleaseWanted'], 'all-changed'));
    expect(outcome).to.deep.include({ action: 'updated' });
    expect(outcome).to.have.property('changed').that.includes('maxRetryCount');
    expect((await client.getPersistentSubscriptionToAllInfo('all-changed')).settings.maxRetryCount).to.equal(10);
    expect(await ensureConsumerGroup(client, consumerGroupOnAll(['ReleaseWanted'], 'all-changed'))).to.deep.equal({
      action: 'unchanged',
    });
  });
});
