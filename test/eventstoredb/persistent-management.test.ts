// Persistent subscriptions, management calls: create, update, delete, info, list, and the errors for bad requests.
import { expect } from 'chai';
import {
  END,
  PersistentSubscriptionDoesNotExistError,
  PersistentSubscriptionDroppedError,
  PersistentSubscriptionExistsError,
  PersistentSubscriptionFailedError,
  START,
  eventTypeFilter,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
} from './client.js';
import { startRestartableEventStore, type RestartableEventStore } from '../support/restartable-eventstore.js';
import { Recorder, appendNumbered, sleep, useTestServer, unique } from './persistent-fixture.js';

describe('persistent subscriptions: management', () => {
  const server = useTestServer();

  it('when a group is created, then its info shows the settings it was created with', async () => {
    const stream = unique('orders');
    const chosen = {
      startFrom: START,
      messageTimeout: 1234,
      maxRetryCount: 3,
      checkPointAfter: 500,
      checkPointLowerBound: 2,
      checkPointUpperBound: 20,
      maxSubscriberCount: 4,
      liveBufferSize: 50,
      readBatchSize: 5,
      historyBufferSize: 60,
      consumerStrategyName: 'Pinned',
    } as const;
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults(chosen),
    );

    const info = await server.client.getPersistentSubscriptionToStreamInfo(stream, 'g');

    expect(info.eventSource).to.equal(stream);
    expect(info.groupName).to.equal('g');
    expect(info.settings).to.deep.include(chosen);
  });

  it('when a group is updated, then info shows the new settings and consumers continue after subscribing again', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 2);
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
    );

    await server.client.updatePersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults({
        startFrom: START,
        maxRetryCount: 7,
        consumerStrategyName: 'DispatchToSingle',
      }),
    );

    const info = await server.client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.settings.maxRetryCount).to.equal(7);
    expect(info.settings.consumerStrategyName).to.equal('DispatchToSingle');
    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'));
    expect((await consumer.waitFor(2)).map((e) => e.event?.revision)).to.deep.equal([0n, 1n]);
    await consumer.close();
  });

  it('when a group is deleted, then it is gone from info and list and its name can be used again', async () => {
    const stream = unique('orders');
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );

    await server.client.deletePersistentSubscriptionToStream(stream, 'g');

    const error = await server.client.getPersistentSubscriptionToStreamInfo(stream, 'g').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PersistentSubscriptionDoesNotExistError);
    const listed = await server.client.listAllPersistentSubscriptions();
    expect(listed.some((info) => info.eventSource === stream)).to.equal(false);
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
  });

  it('when a group is deleted while a consumer is connected, then the consumer is dropped', async () => {
    const stream = unique('orders');
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
    const subscription = server.client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const confirmed = new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
    const consumer = new Recorder(subscription);
    await confirmed;

    await server.client.deletePersistentSubscriptionToStream(stream, 'g');

    expect(await consumer.waitForError()).to.be.instanceOf(PersistentSubscriptionDroppedError);
  });

  it('when a $all group is updated, then it keeps the filter it was created with', async () => {
    const type = unique('Kept').replace(/-/g, '');
    const group = unique('updated');
    await server.client.createPersistentSubscriptionToAll(group, persistentSubscriptionToAllSettingsFromDefaults(), {
      filter: eventTypeFilter({ prefixes: [type] }),
    });

    await server.client.updatePersistentSubscriptionToAll(
      group,
      persistentSubscriptionToAllSettingsFromDefaults({ maxRetryCount: 2 }),
    );
    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToAll(group));
    await sleep(200);
    await appendNumbered(server.client, unique('orders'), 1, 'Unrelated', 0);
    await appendNumbered(server.client, unique('orders'), 1, type, 1);

    expect((await consumer.waitFor(1)).map((e) => e.event?.type)).to.deep.equal([type]);
    expect((await server.client.getPersistentSubscriptionToAllInfo(group)).settings.maxRetryCount).to.equal(2);
    await consumer.close();
    await server.client.deletePersistentSubscriptionToAll(group);
  });

  it('when a stream never had a group, then listing its groups is PersistentSubscriptionDoesNotExistError naming it', async () => {
    const stream = unique('lonely');
    const error = await server.client.listPersistentSubscriptionsToStream(stream).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PersistentSubscriptionDoesNotExistError);
    expect((error as PersistentSubscriptionDoesNotExistError).streamName).to.equal(stream);
    expect(String(error)).to.include(`Subscription group  on stream ${stream} does not exist.`);
  });

  it('when the last group of a stream is deleted, then listing its groups answers an empty list', async () => {
    const stream = unique('emptied');
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
    await server.client.deletePersistentSubscriptionToStream(stream, 'g');
    expect(await server.client.listPersistentSubscriptionsToStream(stream)).to.deep.equal([]);
  });

  it('when groups exist on a stream and on $all, then list shows them, all or per stream', async () => {
    const stream = unique('orders');
    const allGroup = unique('all-group');
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'a',
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'b',
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
    await server.client.createPersistentSubscriptionToAll(allGroup, persistentSubscriptionToAllSettingsFromDefaults(), {
      filter: eventTypeFilter({ prefixes: [unique('type')] }),
    });

    const all = await server.client.listAllPersistentSubscriptions();
    const onStream = await server.client.listPersistentSubscriptionsToStream(stream);
    const onAll = await server.client.listPersistentSubscriptionsToAll();

    expect(
      all
        .filter((info) => info.eventSource === stream)
        .map((info) => info.groupName)
        .sort(),
    ).to.deep.equal(['a', 'b']);
    expect(all.some((info) => info.eventSource === '$all' && info.groupName === allGroup)).to.equal(true);
    expect(onStream.map((info) => info.groupName).sort()).to.deep.equal(['a', 'b']);
    expect(onAll.map((info) => info.groupName)).to.include(allGroup);
    const allInfo = await server.client.getPersistentSubscriptionToAllInfo(allGroup);
    expect(allInfo.settings.startFrom).to.equal(END);
    await server.client.deletePersistentSubscriptionToAll(allGroup);
  });

  it('when a group is created twice, then the second create fails with PersistentSubscriptionExistsError', async () => {
    const stream = unique('orders');
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );

    const error = await server.client
      .createPersistentSubscriptionToStream(stream, 'g', persistentSubscriptionToStreamSettingsFromDefaults())
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(PersistentSubscriptionExistsError);
    expect(error).to.include({ streamName: stream, groupName: 'g' });
  });

  it('when a group does not exist, then info, update, delete and replay fail with PersistentSubscriptionDoesNotExistError', async () => {
    const stream = unique('orders');
    const settings = persistentSubscriptionToStreamSettingsFromDefaults();
    const attempts = [
      server.client.getPersistentSubscriptionToStreamInfo(stream, 'missing'),
      server.client.updatePersistentSubscriptionToStream(stream, 'missing', settings),
      server.client.deletePersistentSubscriptionToStream(stream, 'missing'),
      server.client.replayParkedMessagesToStream(stream, 'missing'),
    ];

    const errors = await Promise.all(
      attempts.map((attempt) =>
        attempt.then(
          () => undefined,
          (e: unknown) => e,
        ),
      ),
    );

    for (const error of errors) expect(error).to.be.instanceOf(PersistentSubscriptionDoesNotExistError);
  });

  it('when a consumer subscribes to a missing group, then it gets PersistentSubscriptionDoesNotExistError and no confirmation', async () => {
    const stream = unique('orders');
    const subscription = server.client.subscribeToPersistentSubscriptionToStream(stream, 'missing');
    let confirmed = false;
    subscription.on('confirmation', () => {
      confirmed = true;
    });
    const consumer = new Recorder(subscription);

    const error = await consumer.waitForError();

    expect(error).to.be.instanceOf(PersistentSubscriptionDoesNotExistError);
    expect(confirmed).to.equal(false);
  });

  it('when a $all group starts beyond the end of the log, then create fails with PersistentSubscriptionFailedError and the server keeps serving', async () => {
    const group = unique('beyond');

    const error = await server.client
      .createPersistentSubscriptionToAll(
        group,
        persistentSubscriptionToAllSettingsFromDefaults({
          startFrom: { commit: 1n << 60n, prepare: 1n << 60n },
        }),
      )
      .catch((e: unknown) => e);

    expect(error).to.be.instanceOf(PersistentSubscriptionFailedError);
    const stream = unique('orders');
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'still-works',
      persistentSubscriptionToStreamSettingsFromDefaults(),
    );
    expect((await server.client.getPersistentSubscriptionToStreamInfo(stream, 'still-works')).groupName).to.equal(
      'still-works',
    );
  });
});

describe('persistent subscriptions: listing on a new server', () => {
  // A real server used by other suites may have `$all` groups already: this needs a server of its own.
  let server: RestartableEventStore;
  before(async () => (server = await startRestartableEventStore('esdb-persistent-list-')));
  after(async () => server.stop());

  it('when $all never had a group, then listing its groups is PersistentSubscriptionDoesNotExistError, and listing every group answers []', async () => {
    const error = await server.client.listPersistentSubscriptionsToAll().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PersistentSubscriptionDoesNotExistError);
    expect((error as PersistentSubscriptionDoesNotExistError).streamName).to.equal('$all');
    expect(await server.client.listAllPersistentSubscriptions()).to.deep.equal([]);
  });
});
