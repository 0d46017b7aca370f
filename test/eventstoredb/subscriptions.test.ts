// Conformance: catch-up subscriptions to a stream and to $all: order of signals, exclusive starts, END, filters, checkpoints.
import { expect } from 'chai';
import {
  END,
  START,
  StreamDeletedError,
  eventTypeFilter,
  jsonEvent,
  streamNameFilter,
  type Position,
} from './client.js';
import type { Readable } from 'node:stream';
import { eventually, startTarget, token, uniqueStream, type Target } from './target.js';

const events = (...types: string[]) => types.map((type) => jsonEvent({ type, data: {} }));

/** Records what a subscription emits, in order: `confirmation`, `caughtUp` and `<stream>/<type>@<revision>` entries. */
function record(subscription: Readable): { timeline: string[]; types: () => string[] } {
  const timeline: string[] = [];
  subscription.on('confirmation', () => timeline.push('confirmation'));
  subscription.on('caughtUp', () => timeline.push('caughtUp'));
  subscription.on('data', (resolved: { event?: { type: string; revision: bigint } }) => {
    timeline.push(`${resolved.event?.type}@${resolved.event?.revision}`);
  });
  return { timeline, types: () => timeline.filter((t) => t.includes('@')).map((t) => t.split('@')[0]) };
}

const waitFor = (check: () => boolean, timeoutMs?: number) =>
  eventually(async () => (check() ? true : undefined), timeoutMs);

describe('EventStoreDB catch-up subscriptions', () => {
  let target: Target;
  const open: { unsubscribe(): Promise<void> }[] = [];
  before(async () => {
    target = await startTarget();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.unsubscribe()));
  });
  after(async () => {
    await target.stop();
  });

  it('when subscribing to a stream from the start, then confirmation, past events, caughtUp and live events come in that order', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A', 'B'));
    const subscription = target.client.subscribeToStream(stream, { fromRevision: START });
    open.push(subscription);
    const seen = record(subscription);
    await waitFor(() => seen.timeline.includes('caughtUp'));
    await target.client.appendToStream(stream, events('C'));
    await waitFor(() => seen.types().length === 3);
    expect(seen.timeline).to.deep.equal(['confirmation', 'A@0', 'B@1', 'caughtUp', 'C@2']);
  });

  it('when subscribing from a revision, then delivery starts after it', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A', 'B', 'C'));
    const subscription = target.client.subscribeToStream(stream, { fromRevision: 1n });
    open.push(subscription);
    const seen = record(subscription);
    await waitFor(() => seen.timeline.includes('caughtUp'));
    expect(seen.types()).to.deep.equal(['C']);
  });

  it('when subscribing from END, then only events appended afterwards arrive', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('Before'));
    const subscription = target.client.subscribeToStream(stream, { fromRevision: END });
    open.push(subscription);
    const seen = record(subscription);
    await waitFor(() => seen.timeline.includes('confirmation'));
    await target.client.appendToStream(stream, events('After'));
    await waitFor(() => seen.types().length === 1);
    expect(seen.types()).to.deep.equal(['After']);
  });

  it('when subscribing to a stream that does not exist yet, then its first events arrive once it is written', async () => {
    const stream = uniqueStream();
    const subscription = target.client.subscribeToStream(stream, { fromRevision: START });
    open.push(subscription);
    const seen = record(subscription);
    await waitFor(() => seen.timeline.includes('confirmation'));
    await target.client.appendToStream(stream, events('First', 'Second'));
    await waitFor(() => seen.types().length === 2);
    expect(seen.types()).to.deep.equal(['First', 'Second']);
  });

  it('when subscribing to $all from a position with a stream-name prefix filter, then only matching streams arrive, after that position', async () => {
    const category = `sub${token()}`;
    const marker = await target.client.appendToStream(`${category}-marker`, events('Marker'));
    await target.client.appendToStream(`other${token()}-1`, events('Noise'));
    await target.client.appendToStream(`${category}-1`, events('Wanted1'));
    const subscription = target.client.subscribeToAll({
      fromPosition: marker.position as Position,
      filter: streamNameFilter({ prefixes: [`${category}-`] }),
    });
    open.push(subscription);
    const seen = record(subscription);
    await waitFor(() => seen.types().includes('Wanted1'));
    await target.client.appendToStream(`${category}-2`, events('Wanted2'));
    await waitFor(() => seen.types().includes('Wanted2'));
    expect(seen.types()).to.deep.equal(['Wanted1', 'Wanted2']);
  });

  it('when subscribing to $all with an event-type regex, then only matching types arrive', async () => {
    const prefix = `T${token()}`;
    const marker = await target.client.appendToStream(uniqueStream(), events('Marker'));
    const subscription = target.client.subscribeToAll({
      fromPosition: marker.position as Position,
      filter: eventTypeFilter({ regex: `^${prefix}(Placed|Paid)$` }),
    });
    open.push(subscription);
    const seen = record(subscription);
    await target.client.appendToStream(uniqueStream(), events(`${prefix}Placed`, `${prefix}Ignored`, `${prefix}Paid`));
    await waitFor(() => seen.types().length === 2);
    expect(seen.types()).to.deep.equal([`${prefix}Placed`, `${prefix}Paid`]);
  });

  it('when a filtered $all subscription skips many events, then checkpoints report its progress', async () => {
    const positions: Position[] = [];
    const marker = await target.client.appendToStream(uniqueStream(), events('Marker'));
    const subscription = target.client.subscribeToAll({
      fromPosition: marker.position as Position,
      filter: eventTypeFilter({
        prefixes: [`Never${token()}`],
        maxSearchWindow: 4,
        checkpointInterval: 1,
        checkpointReached: (_subscription, position) => {
          positions.push(position);
        },
      }),
    });
    open.push(subscription);
    subscription.on('data', () => undefined);
    const noise = Array.from({ length: 40 }, () => jsonEvent({ type: 'Noise', data: {} }));
    await target.client.appendToStream(uniqueStream(), noise);
    await eventually(async () => (positions.length > 0 ? true : undefined));
    expect(positions[0].commit >= (marker.position as Position).commit).to.equal(true);
  });

  it('when subscribing to $all from END, then caughtUp comes first and then new events', async () => {
    const category = `end${token()}`;
    const subscription = target.client.subscribeToAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [category] }),
    });
    open.push(subscription);
    const seen = record(subscription);
    await waitFor(() => seen.timeline.includes('caughtUp'));
    await target.client.appendToStream(`${category}-1`, events('Live'));
    await waitFor(() => seen.types().length === 1);
    expect(seen.timeline).to.deep.equal(['confirmation', 'caughtUp', 'Live@0']);
  });

  it('when a subscriber stops reading while megabytes of events are written, then others are served and it later gets every event in order', async () => {
    const stream = uniqueStream();
    const subscription = target.client.subscribeToStream(stream, { fromRevision: START });
    open.push(subscription);
    const revisions: bigint[] = [];
    subscription.on('data', (e: { event?: { revision: bigint } }) => revisions.push(e.event?.revision ?? -1n));
    await new Promise((resolve) => subscription.once('confirmation', resolve));
    subscription.pause();
    const payload = 'x'.repeat(1_000);
    for (let batch = 0; batch < 5; batch++) {
      await target.client.appendToStream(
        stream,
        Array.from({ length: 300 }, (_, i) => jsonEvent({ type: 'Bulk', data: { i, payload } })),
      );
    }
    const other = uniqueStream();
    await target.client.appendToStream(other, events('StillServed'));
    expect(revisions.length).to.be.lessThan(1_500);
    subscription.resume();
    await waitFor(() => revisions.length === 1_500, 25_000);
    expect(revisions.every((r, i) => r === BigInt(i))).to.equal(true);
  });

  it('when the subscribed stream is tombstoned, then the subscription ends with StreamDeletedError', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A'));
    const subscription = target.client.subscribeToStream(stream, { fromRevision: START });
    open.push(subscription);
    const seen = record(subscription);
    const failure = new Promise<unknown>((resolve) => subscription.on('error', resolve));
    await waitFor(() => seen.timeline.includes('caughtUp'));
    await target.client.tombstoneStream(stream);
    expect(await failure).to.be.instanceOf(StreamDeletedError);
  });
});
