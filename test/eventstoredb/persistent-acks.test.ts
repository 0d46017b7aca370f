// Persistent subscriptions: ack, nack (retry, park, skip), message timeouts, retry limits and parked messages.
import { expect } from 'chai';
import { START, persistentSubscriptionToStreamSettingsFromDefaults as settingsFrom } from './client.js';
import {
  Recorder,
  ackAll,
  appendNumbered,
  eventually,
  numberOf,
  sleep,
  useTestServer,
  unique,
  type Delivered,
  type Subscription,
} from './persistent-fixture.js';

describe('persistent subscriptions: acks, retries and parking', () => {
  const server = useTestServer();

  const createGroup = async (stream: string, changes: Parameters<typeof settingsFrom>[0] = {}): Promise<void> => {
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      settingsFrom({ startFrom: START, ...changes }),
    );
  };

  const parkedCount = async (stream: string): Promise<bigint> =>
    (await server.client.getPersistentSubscriptionToStreamInfo(stream, 'g')).stats.parkedMessageCount;

  const parkedLinks = async (stream: string): Promise<string[]> => {
    const links: string[] = [];
    for await (const resolved of server.client.readStream(`$persistentsubscription-${stream}::g-parked`)) {
      if (resolved.event?.type === '$>') links.push(Buffer.from(resolved.event.data as Uint8Array).toString('utf8'));
    }
    return links;
  };

  it('when a consumer does not ack within the message timeout, then the message comes again with a higher retry count', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 1);
    await createGroup(stream, { messageTimeout: 200 });

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), (event, sub) =>
      event.retryCount === 0 ? undefined : sub.ack(event),
    );

    const received = await consumer.waitFor(2);
    expect(received.map(numberOf)).to.deep.equal([0, 0]);
    expect(received.map((e) => e.retryCount)).to.deep.equal([0, 1]);
    await consumer.close();
  });

  it('when a message is acked, then it is not delivered again after the timeout', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 2);
    await createGroup(stream, { messageTimeout: 200 });

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), ackAll);
    await consumer.waitFor(2);
    await sleep(1_500);

    expect(consumer.numbers()).to.deep.equal([0, 1]);
    await consumer.close();
  });

  it('when a message keeps timing out, then after maxRetryCount retries it is parked as a link in the parked stream', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 1);
    await createGroup(stream, { messageTimeout: 150, maxRetryCount: 2 });

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'));

    await consumer.waitFor(3);
    await eventually(async () => ((await parkedCount(stream)) === 1n ? true : undefined), 'the message to be parked');
    expect(consumer.received.map((e) => e.retryCount)).to.deep.equal([0, 1, 2]);
    expect(await parkedLinks(stream)).to.deep.equal([`0@${stream}`]);
    await consumer.close();
  });

  it('when a consumer nacks with retry, then the message comes again with retry count 1', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 1);
    await createGroup(stream);

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), (event, sub) =>
      event.retryCount === 0 ? sub.nack('retry', 'try again', event) : sub.ack(event),
    );

    const received = await consumer.waitFor(2);
    expect(received.map((e) => e.retryCount)).to.deep.equal([0, 1]);
    await consumer.close();
  });

  it('when 20 messages are skipped and the next 20 retried once, then all 20 come again before the message after them', async () => {
    // The official client's own test (buffer of 10): retries are handed out before newer messages, and a
    // slot freed by a nack goes to the message nacked, so the window never lets the last message overtake.
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 20, 'Skip');
    await appendNumbered(server.client, stream, 20, 'Retry', 20);
    await appendNumbered(server.client, stream, 1, 'Finish', 40);
    await createGroup(stream);
    const consumer = new Recorder(
      server.client.subscribeToPersistentSubscriptionToStream(stream, 'g', { bufferSize: 10 }),
      (event, sub) => {
        if (event.event?.type === 'Skip') return sub.nack('skip', 'not wanted', event);
        if (event.event?.type === 'Retry' && event.retryCount === 0) return sub.nack('retry', 'once more', event);
        return sub.ack(event);
      },
    );
    const received = await consumer.waitFor(61);
    const finish = received.findIndex((e) => e.event?.type === 'Finish');
    expect(finish).to.equal(60);
    expect(
      received
        .filter((e) => e.retryCount === 1)
        .map(numberOf)
        .sort((a, b) => a - b),
    ).to.deep.equal(Array.from({ length: 20 }, (_, i) => 20 + i));
    await consumer.close();
  });

  it('when a consumer nacks with park, then the message is parked at once and not delivered again', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 2);
    await createGroup(stream, { messageTimeout: 200 });

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), (event, sub) =>
      numberOf(event) === 0 ? sub.nack('park', 'poison', event) : sub.ack(event),
    );

    await consumer.waitFor(2);
    await eventually(async () => ((await parkedCount(stream)) === 1n ? true : undefined), 'the message to be parked');
    await sleep(1_200);
    expect(consumer.numbers()).to.deep.equal([0, 1]);
    expect(await parkedLinks(stream)).to.deep.equal([`0@${stream}`]);
    await consumer.close();
  });

  it('when a consumer nacks with skip, then the message is neither delivered again nor parked', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 2);
    await createGroup(stream, { messageTimeout: 200 });

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), (event, sub) =>
      numberOf(event) === 0 ? sub.nack('skip', 'not for us', event) : sub.ack(event),
    );

    await consumer.waitFor(2);
    await sleep(1_200);
    expect(consumer.numbers()).to.deep.equal([0, 1]);
    expect(await parkedCount(stream)).to.equal(0n);
    await consumer.close();
  });

  it('when a consumer nacks with stop, then the message stays in flight and comes back only when it times out', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 1);
    await createGroup(stream, { messageTimeout: 1_000 });
    const nackedAt: number[] = [];

    const consumer = new Recorder(
      server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'),
      (event, sub) => {
        if (event.retryCount > 0) return sub.ack(event);
        nackedAt.push(Date.now());
        return sub.nack('stop', 'stopping', event);
      },
    );

    const received = await consumer.waitFor(2);
    expect(received.map((e) => e.retryCount)).to.deep.equal([0, 1]);
    expect(Date.now() - nackedAt[0]).to.be.at.least(900);
    await consumer.close();
  });

  it('when parked messages are replayed, then they are delivered again and the parked stream is emptied', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 3);
    await createGroup(stream);
    const parkFirstTime = (event: Delivered, sub: Subscription): Promise<void> =>
      consumer.received.filter((e) => numberOf(e) === numberOf(event)).length === 1 && numberOf(event) !== 1
        ? sub.nack('park', 'later', event)
        : sub.ack(event);
    const consumer: Recorder = new Recorder(
      server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'),
      parkFirstTime,
    );
    await consumer.waitFor(3);
    await eventually(async () => ((await parkedCount(stream)) === 2n ? true : undefined), 'two parked messages');

    await server.client.replayParkedMessagesToStream(stream, 'g');

    const received = await consumer.waitFor(5);
    expect(received.slice(3).map(numberOf)).to.deep.equal([0, 2]);
    await eventually(
      async () => ((await parkedCount(stream)) === 0n ? true : undefined),
      'the parked stream to be emptied',
    );
    await consumer.close();
  });

  it('when parked messages are replayed up to stopAt, then only those before it come back and the rest stay parked', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 3);
    await createGroup(stream);
    const parkFirstTime = (event: Delivered, sub: Subscription): Promise<void> =>
      consumer.received.filter((e) => numberOf(e) === numberOf(event)).length === 1
        ? sub.nack('park', 'later', event)
        : sub.ack(event);
    const consumer: Recorder = new Recorder(
      server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'),
      parkFirstTime,
    );
    await consumer.waitFor(3);
    await eventually(async () => ((await parkedCount(stream)) === 3n ? true : undefined), 'three parked messages');

    await server.client.replayParkedMessagesToStream(stream, 'g', { stopAt: 2 });

    const received = await consumer.waitFor(5);
    await eventually(async () => ((await parkedCount(stream)) === 1n ? true : undefined), 'one message left parked');
    expect(received.slice(3).map(numberOf).sort()).to.deep.equal([0, 1]);
    await sleep(300);
    expect(consumer.received).to.have.length(5);
    await consumer.close();
  });

  it('when a message is retried, then it is delivered before messages not yet sent', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 3);
    await createGroup(stream);

    const consumer = new Recorder(
      server.client.subscribeToPersistentSubscriptionToStream(stream, 'g', { bufferSize: 1 }),
      (event, sub) =>
        numberOf(event) === 0 && event.retryCount === 0 ? sub.nack('retry', 'again', event) : sub.ack(event),
    );

    const received = await consumer.waitFor(4);
    expect(received.map((e) => [numberOf(e), e.retryCount])).to.deep.equal([
      [0, 0],
      [0, 1],
      [1, 0],
      [2, 0],
    ]);
    await consumer.close();
  });
});
