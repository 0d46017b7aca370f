// Persistent subscriptions: checkpoints in the checkpoint stream, and resuming after them when the server restarts.
import { expect } from 'chai';
import { collect } from './target.js';
import {
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

describe('persistent subscriptions: checkpoints', () => {
  const server = useTestServer();

  const checkpointStream = (stream: string, group = 'g'): string =>
    `$persistentsubscription-${stream}::${group}-checkpoint`;

  /** The last checkpoint written, as its text ("9", or "C:x/P:x" for $all), if any. */
  const lastCheckpoint = async (stream: string, group = 'g'): Promise<string | undefined> => {
    try {
      const events = await collect(
        server.client.readStream(checkpointStream(stream, group), {
          direction: 'backwards',
          fromRevision: 'end',
          maxCount: 1,
        }),
      );
      const event = events[0]?.event;
      if (!event) return undefined;
      expect(event.type).to.equal('$SubscriptionCheckpoint');
      return event.data as unknown as string;
    } catch {
      return undefined;
    }
  };

  const checkpointReaches = (stream: string, expected: string, group = 'g'): Promise<true> =>
    eventually(
      async () => ((await lastCheckpoint(stream, group)) === expected ? true : undefined),
      `checkpoint ${expected}`,
    );

  it('when messages are acked and checkPointAfter has passed, then the checkpoint stream records the last one, with $maxCount 2', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 10);
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      settingsFrom({ startFrom: START, checkPointAfter: 100, checkPointLowerBound: 1, checkPointUpperBound: 1000 }),
    );

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), ackAll);
    await consumer.waitFor(10);

    await checkpointReaches(stream, '9');
    const metadata = await server.client.getStreamMetadata(checkpointStream(stream));
    expect(metadata.metadata?.maxCount).to.equal(2);
    await consumer.close();
  });

  it('when one message stays unacked, then the checkpoint stops just before it', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 10);
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      settingsFrom({ startFrom: START, checkPointAfter: 100, checkPointLowerBound: 1, messageTimeout: 60_000 }),
    );

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), (event, sub) =>
      numberOf(event) === 5 ? undefined : sub.ack(event),
    );
    await consumer.waitFor(10);

    await checkpointReaches(stream, '4');
    await sleep(1_200);
    expect(await lastCheckpoint(stream)).to.equal('4');
    await consumer.close();
  });

  it('when fewer than checkPointLowerBound messages are acked, then no checkpoint is written until more are', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 5);
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      settingsFrom({ startFrom: START, checkPointAfter: 100, checkPointLowerBound: 8 }),
    );
    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), ackAll);
    await consumer.waitFor(5);
    await sleep(1_500);
    expect(await lastCheckpoint(stream)).to.equal(undefined);

    await appendNumbered(server.client, stream, 5, 'Numbered', 5);

    await consumer.waitFor(10);
    await checkpointReaches(stream, '9');
    await consumer.close();
  });

  it('when checkPointUpperBound messages are acked, then the checkpoint is written without waiting for checkPointAfter', async () => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 5);
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      settingsFrom({ startFrom: START, checkPointAfter: 600_000, checkPointLowerBound: 1, checkPointUpperBound: 5 }),
    );

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), ackAll);
    await consumer.waitFor(5);

    await checkpointReaches(stream, '4');
    await consumer.close();
  });

  /**
   * A group over `count` fresh events whose first consumer acks only those numbered below `acked`, returned once
   * the checkpoint has reached the last of them.
   */
  const partlyAcked = async (count: number, acked: number) => {
    const stream = unique('orders');
    await appendNumbered(server.client, stream, count);
    await server.client.createPersistentSubscriptionToStream(
      stream,
      'g',
      settingsFrom({ startFrom: START, checkPointAfter: 100, checkPointLowerBound: 1, messageTimeout: 60_000 }),
    );
    const before = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), (event, sub) =>
      numberOf(event) < acked ? sub.ack(event) : undefined,
    );
    await before.waitFor(count);
    await checkpointReaches(stream, String(acked - 1));
    return { stream, before };
  };

  it('when the server restarts on the same data, then the group still exists and resumes after its checkpoint', async () => {
    const { stream, before } = await partlyAcked(10, 6);
    await before.close();

    await server.restart();
    await appendNumbered(server.client, stream, 2, 'Numbered', 10);

    const info = await server.client.getPersistentSubscriptionToStreamInfo(stream, 'g');
    expect(info.settings.checkPointAfter).to.equal(100);
    const after = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), ackAll);
    expect((await after.waitFor(6)).map(numberOf)).to.deep.equal([6, 7, 8, 9, 10, 11]);
    await after.close();
  });

  it('when the subsystem restarts, then consumers are dropped and the group resumes after its checkpoint', async () => {
    const { stream, before } = await partlyAcked(6, 3);

    await server.client.restartPersistentSubscriptionSubsystem();

    expect(await before.waitForError()).to.be.instanceOf(Error);
    const after = new Recorder(server.client.subscribeToPersistentSubscriptionToStream(stream, 'g'), ackAll);
    expect((await after.waitFor(3)).map(numberOf)).to.deep.equal([3, 4, 5]);
    await after.close();
  });

  it('when a $all group checkpoints, then the checkpoint is a C:/P: position and the group resumes after it on restart', async () => {
    const prefix = unique('ledger');
    const group = unique('all-checkpoint');
    await appendNumbered(server.client, `${prefix}-a`, 3);
    await server.client.createPersistentSubscriptionToAll(
      group,
      persistentSubscriptionToAllSettingsFromDefaults({
        startFrom: START,
        checkPointAfter: 100,
        checkPointLowerBound: 1,
      }),
      { filter: streamNameFilter({ prefixes: [prefix] }) },
    );
    const before = new Recorder(server.client.subscribeToPersistentSubscriptionToAll(group), ackAll);
    const delivered = await before.waitFor(3);
    const last = delivered[2].event?.position?.commit;
    await eventually(
      async () => ((await lastCheckpoint('$all', group)) === `C:${last}/P:${last}` ? true : undefined),
      'the $all checkpoint',
    );
    await before.close();

    await server.restart();
    await appendNumbered(server.client, `${prefix}-b`, 1, 'Numbered', 3);

    const after = new Recorder(server.client.subscribeToPersistentSubscriptionToAll(group), ackAll);
    expect((await after.waitFor(1)).map(numberOf)).to.deep.equal([3]);
    await sleep(300);
    expect(after.numbers()).to.deep.equal([3]);
    await after.close();
    await server.client.deletePersistentSubscriptionToAll(group);
  });
});
