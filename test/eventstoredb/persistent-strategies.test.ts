// Persistent subscriptions with several consumers: strategies, buffer sizes, subscriber limits and disconnects.
import { expect } from 'chai';
import {
  PersistentSubscriptionMaximumSubscribersReachedError,
  START,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults as settingsFrom,
  streamNameFilter,
} from './client.js';
import {
  Recorder,
  ackAll,
  appendNumbered,
  eventually,
  numberOf,
  sleep,
  useTestServer,
  unique,
} from './persistent-fixture.js';

describe('persistent subscriptions: consumers and strategies', () => {
  const server = useTestServer();

  const subscribe = async (
    stream: string,
    bufferSize: number,
    onEvent?: ConstructorParameters<typeof Recorder>[1],
  ): Promise<Recorder> => {
    const subscription = server.client.subscribeToPersistentSubscriptionToStream(stream, 'g', { bufferSize });
    const confirmed = new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
    const recorder = new Recorder(subscription, onEvent);
    await confirmed;
    return recorder;
  };

  it('when the strategy is RoundRobin, then consumers with room take turns', async () => {
    const stream = unique('orders');
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      settingsFrom({ startFrom: START, consumerStrategyName: 'RoundRobin' }),
    );
    const first = await subscribe(stream, 10);
    const second = await subscribe(stream, 10);

    await appendNumbered(server.client, stream, 6);

    await Promise.all([first.waitFor(3), second.waitFor(3)]);
    expect(first.received).to.have.length(3);
    expect(second.received).to.have.length(3);
    await Promise.all([first.close(), second.close()]);
  });

  it('when the strategy is DispatchToSingle, then the first consumer is filled before the next gets anything', async () => {
    const stream = unique('orders');
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      settingsFrom({ startFrom: START, consumerStrategyName: 'DispatchToSingle' }),
    );
    const first = await subscribe(stream, 3);
    const second = await subscribe(stream, 3);

    await appendNumbered(server.client, stream, 5);

    expect((await first.waitFor(3)).map(numberOf)).to.deep.equal([0, 1, 2]);
    expect((await second.waitFor(2)).map(numberOf)).to.deep.equal([3, 4]);
    await Promise.all([first.close(), second.close()]);
  });

  it('when the strategy is Pinned, then all events of one stream go to the same consumer', async () => {
    const prefix = unique('pinned');
    const group = unique('pinned-group');
    await server.client.createPersistentSubscriptionToAll(
      group,
      persistentSubscriptionToAllSettingsFromDefaults({ startFrom: START, consumerStrategyName: 'Pinned' }),
      { filter: streamNameFilter({ prefixes: [prefix] }) },
    );
    const subscribeAll = async (): Promise<Recorder> => {
      const subscription = server.client.subscribeToPersistentSubscriptionToAll(group, { bufferSize: 50 });
      const confirmed = new Promise<void>((resolve) => subscription.once('confirmation', () => resolve()));
      const recorder = new Recorder(subscription, ackAll);
      await confirmed;
      return recorder;
    };
    const consumers = [await subscribeAll(), await subscribeAll()];

    for (let i = 0; i < 8; i += 1) await appendNumbered(server.client, `${prefix}-${i}`, 3);

    const total = (): number => consumers[0].received.length + consumers[1].received.length;
    await eventually(() => (total() >= 24 ? true : undefined), 'all 24 events');
    const streamsOf = (recorder: Recorder): Set<string> =>
      new Set(recorder.received.map((e) => e.event?.streamId ?? ''));
    expect(total()).to.equal(24);
    const shared = [...streamsOf(consumers[0])].filter((stream) => streamsOf(consumers[1]).has(stream));
    expect(shared).to.deep.equal([]);
    await Promise.all(consumers.map((consumer) => consumer.close()));
    await server.client.deletePersistentSubscriptionToAll(group);
  });

  it('when a consumer does not ack, then it never holds more than its buffer size', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 5);
    await server.client.createPersistentSubscriptionToStream(stream, 'g', settingsFrom({ startFrom: START }));

    const consumer = await subscribe(stream, 2);
    const firstTwo = await consumer.waitFor(2);
    await sleep(500);
    expect(consumer.received).to.have.length(2);

    await consumer.subscription.ack(...firstTwo);
    expect((await consumer.waitFor(4)).map(numberOf)).to.deep.equal([0, 1, 2, 3]);
    await sleep(300);
    expect(consumer.received).to.have.length(4);
    await consumer.close();
  });

  it('when a consumer is slow, then the group holds no more than its buffers, for history and for live events', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 300);
    const settings = { readBatchSize: 10, historyBufferSize: 20, liveBufferSize: 20 };
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      settingsFrom({ startFrom: START, ...settings }),
    );
    await server.client.createPersistentSubscriptionToStream(stream, 'live', settingsFrom({ ...settings }));
    const slowOnHistory = await subscribe(stream, 1);
    const slowOnLive = new Recorder(
      server.client.subscribeToPersistentSubscriptionToStream(stream, 'live', { bufferSize: 1 }),
    );
    await sleep(200);

    for (let i = 0; i < 10; i += 1) await appendNumbered(server.client, stream, 30, 'Numbered', 300 + i * 30);
    await Promise.all([slowOnHistory.waitFor(1), slowOnLive.waitFor(1)]);
    await sleep(200);

    for (const group of ['g', 'live']) {
      const stats = (await server.client.getPersistentSubscriptionToStreamInfo(stream, group)).stats;
      expect(stats.readBufferCount + Number(stats.liveBufferCount), group).to.be.at.most(20);
    }
    expect(slowOnHistory.numbers()).to.deep.equal([0]);
    expect(slowOnLive.numbers()).to.deep.equal([300]);
    await Promise.all([slowOnHistory.close(), slowOnLive.close()]);
  });

  it('when maxSubscriberCount consumers are connected, then one more gets PersistentSubscriptionMaximumSubscribersReachedError', async () => {
    const stream = unique('orders');
    await server.client.createPersistentSubscriptionToStream(stream, 'g', settingsFrom({ maxSubscriberCount: 1 }));
    const first = await subscribe(stream, 10);

    const second = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'));

    expect(await second.waitForError()).to.be.instanceOf(PersistentSubscriptionMaximumSubscribersReachedError);
    await first.close();
  });

  it('when a consumer disconnects with messages in flight, then they go to the other consumer at once', async () => {
    const stream = unique('orders');
    // A long timeout: redelivery must come from the disconnect, not from a timeout.
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      settingsFrom({ startFrom: START, consumerStrategyName: 'DispatchToSingle', messageTimeout: 60_000 }),
    );
    const leaving = await subscribe(stream, 10);
    const staying = await subscribe(stream, 10, ackAll);
    await appendNumbered(server.client, stream, 3);
    await leaving.waitFor(3);
    expect(staying.received).to.have.length(0);

    await leaving.close();

    expect((await staying.waitFor(3, 5_000)).map(numberOf)).to.deep.equal([0, 1, 2]);
    await staying.close();
  });
});
