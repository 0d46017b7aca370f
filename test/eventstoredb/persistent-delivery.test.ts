// Persistent subscriptions to a stream: where delivery starts, what a delivered event carries, and links.
import { expect } from 'chai';
import {
  END,
  START,
  binaryEvent,
  persistentSubscriptionToStreamSettingsFromDefaults as settingsFrom,
} from './client.js';
import { Recorder, ackAll, appendNumbered, numberOf, sleep, useTestServer, unique } from './persistent-fixture.js';

describe('persistent subscriptions: delivery from a stream', () => {
  const server = useTestServer();

  it('when a group starts at the start, then a consumer gets every event in order with a zero retry count and the id <stream>::<group>', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 3);
    await server.client.createPersistentSubscriptionToStream(stream, 'g', settingsFrom({ startFrom: START }));

    const subscription = server.client.subscribeToPersistentSubscriptionToStream(stream, 'g');
    const consumer = new Recorder(subscription, ackAll);
    const received = await consumer.waitFor(3);

    expect(received.map(numberOf)).to.deep.equal([0, 1, 2]);
    expect(received.map((e) => e.retryCount)).to.deep.equal([0, 0, 0]);
    expect(received[2].event).to.include({ streamId: stream, revision: 2n, type: 'Numbered' });
    expect(subscription.id).to.equal(`${stream}::g`);
    await consumer.close();
  });

  it('when a group starts at the end, then only events appended after its creation arrive, live', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 2);
    await server.client.createPersistentSubscriptionToStream(stream, 'g', settingsFrom({ startFrom: END }));
    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), ackAll);
    await sleep(200);

    await appendNumbered(server.client, stream, 2, 'Numbered', 2);

    expect((await consumer.waitFor(2)).map(numberOf)).to.deep.equal([2, 3]);
    await consumer.close();
  });

  it('when a group starts at a revision, then delivery starts with that revision', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 5);
    await server.client.createPersistentSubscriptionToStream(stream, 'g', settingsFrom({ startFrom: 3n }));

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), ackAll);

    expect((await consumer.waitFor(2)).map(numberOf)).to.deep.equal([3, 4]);
    await consumer.close();
  });

  it('when the group resolves links, then the consumer gets event and link, and acking by the link id settles it', async () => {
    const target = unique('orders');
    const links = unique('links');
    await appendNumbered(server.client, target, 2);
    await server.client.appendToStream(links, [
      binaryEvent({ type: '$>', data: Buffer.from(`0@${target}`) }),
      binaryEvent({ type: '$>', data: Buffer.from(`1@${target}`) }),
    ]);
    await server.client.createPersistentSubscriptionToStream(
      links,
      'g',
      settingsFrom({ startFrom: START, resolveLinkTos: true, messageTimeout: 300 }),
    );

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(links, 'g'), ackAll);
    const received = await consumer.waitFor(2);

    expect(received.map(numberOf)).to.deep.equal([0, 1]);
    expect(received.map((e) => e.link?.streamId)).to.deep.equal([links, links]);
    expect(received.map((e) => e.event?.streamId)).to.deep.equal([target, target]);
    // Acked by the link's id: nothing times out and comes back.
    await sleep(1_800);
    expect(consumer.received).to.have.length(2);
    await consumer.close();
  });

  it('when a group on an $et- event-type stream resolves links, then it delivers the events of that type from every stream', async () => {
    const type = unique('Dispatched').replace(/-/g, '');
    await server.client.createPersistentSubscriptionToStream(
      `$et-${type}`,
      'g',
      settingsFrom({ startFrom: START, resolveLinkTos: true }),
    );
    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(`$et-${type}`, 'g'), ackAll);

    await appendNumbered(server.client, unique('orders'), 1, type, 0);
    await appendNumbered(server.client, unique('orders'), 1, 'SomethingElse', 5);
    await appendNumbered(server.client, unique('orders'), 1, type, 1);

    const received = await consumer.waitFor(2);
    expect(received.map(numberOf)).to.deep.equal([0, 1]);
    expect(received.every((e) => e.event?.type === type && e.link?.type === '$>')).to.equal(true);
    await consumer.close();
  });

  it('when a group on a $ce- category stream resolves links, then it delivers the events of every stream of the category', async () => {
    const category = unique('cart').replace(/-/g, '');
    await server.client.createPersistentSubscriptionToStream(
      `$ce-${category}`,
      'g',
      settingsFrom({ startFrom: START, resolveLinkTos: true }),
    );
    const consumer = new Recorder(
      server.client.subscribeToPersistentSubscriptionToStream(`$ce-${category}`, 'g'),
      ackAll,
    );

    await appendNumbered(server.client, `${category}-1`, 1, 'Numbered', 0);
    await appendNumbered(server.client, `${category}-2`, 1, 'Numbered', 1);

    const received = await consumer.waitFor(2);
    expect(received.map(numberOf).sort()).to.deep.equal([0, 1]);
    expect(received.map((e) => e.event?.streamId).sort()).to.deep.equal([`${category}-1`, `${category}-2`]);
    expect(received.every((e) => e.link?.streamId === `$ce-${category}`)).to.equal(true);
    await consumer.close();
  });
});
