// Persistent subscriptions to $all: filters on event type and stream name, by prefix and by regular expression.
import { expect } from 'chai';
import { collect } from './target.js';
import {
  START,
  eventTypeFilter,
  persistentSubscriptionToAllSettingsFromDefaults as settingsFrom,
  streamNameFilter,
} from './client.js';
import {
  Recorder,
  ackAll,
  appendNumbered,
  numberOf,
  sleep,
  useTestServer,
  unique,
  type TestServer,
} from './persistent-fixture.js';

describe('persistent subscriptions: $all with filters', () => {
  const server = useTestServer();

  it('when the filter is an event-type prefix, then only events of matching types arrive, with their commit position', async () => {
    const type = unique('Shipped').replace(/-/g, '');
    const group = unique('by-type');
    const stream = unique('orders');
    await appendNumbered(server.client, stream, 2, `${type}V1`, 0);
    await appendNumbered(server.client, stream, 2, 'Other', 10);
    await appendNumbered(server.client, stream, 1, `${type}V2`, 2);
    await server.client.createPersistentSubscriptionToAll(group, settingsFrom({ startFrom: START }), {
      filter: eventTypeFilter({ prefixes: [type] }),
    });

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToAll(group), ackAll);
    const received = await consumer.waitFor(3);
    await sleep(300);

    expect(consumer.numbers()).to.deep.equal([0, 1, 2]);
    expect(received.every((e) => typeof e.commitPosition === 'bigint')).to.equal(true);
    await consumer.close();
    await server.client.deletePersistentSubscriptionToAll(group);
  });

  it('when the filter is a stream-name regex, then only events of matching streams arrive, live as well', async () => {
    const prefix = unique('invoice').replace(/-/g, '');
    const group = unique('by-stream');
    await server.client.createPersistentSubscriptionToAll(group, settingsFrom(), {
      filter: streamNameFilter({ regex: `^${prefix}-(paid|sent)$` }),
    });
    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToAll(group), ackAll);
    await sleep(200);

    await appendNumbered(server.client, `${prefix}-paid`, 1, 'Numbered', 0);
    await appendNumbered(server.client, `${prefix}-draft`, 1, 'Numbered', 10);
    await appendNumbered(server.client, `${prefix}-sent`, 1, 'Numbered', 1);

    await consumer.waitFor(2);
    await sleep(300);
    expect(consumer.numbers()).to.deep.equal([0, 1]);
    expect(consumer.received.map((e) => e.event?.streamId)).to.deep.equal([`${prefix}-paid`, `${prefix}-sent`]);
    await consumer.close();
    await server.client.deletePersistentSubscriptionToAll(group);
  });

  it('when the group on $all starts at a position, then delivery starts with the event at that position', async () => {
    const stream = unique('orders');
    const group = unique('from-position');
    await appendNumbered(server.client, stream, 3);
    const third = await readEvent(server, stream, 2n);
    await server.client.createPersistentSubscriptionToAll(group, settingsFrom({ startFrom: third }), {
      filter: streamNameFilter({ prefixes: [stream] }),
    });

    const consumer = new Recorder(server.client.subscribeToPersistentSubscriptionToAll(group), ackAll);

    expect((await consumer.waitFor(1)).map(numberOf)).to.deep.equal([2]);
    await consumer.close();
    await server.client.deletePersistentSubscriptionToAll(group);
  });
});

async function readEvent(
  server: TestServer,
  stream: string,
  revision: bigint,
): Promise<{ commit: bigint; prepare: bigint }> {
  // Read to the end rather than break out: the client's dispose() waits for a stream left half-read.
  const events = await collect(server.client.readStream(stream, { fromRevision: revision, maxCount: 1 }));
  const position = events[0]?.event?.position;
  if (!position) throw new Error(`no event ${revision} in ${stream}`);
  return position;
}
