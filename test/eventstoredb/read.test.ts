// Conformance: reading a stream and $all, forwards and backwards, with counts, positions and resolved links.
import { expect } from 'chai';
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamNotFoundError,
  binaryEvent,
  jsonEvent,
  type ResolvedEvent,
} from './client.js';
import { collect, rejectionOf, startTarget, typesOf, uniqueStream, type Target } from './target.js';

const events = (...types: string[]) => types.map((type, i) => jsonEvent({ type, data: { i } }));

/** Only this suite's streams: $all on a shared real server holds everybody's events. */
const ofStreams = (all: ResolvedEvent[], streams: string[]) =>
  all.filter((e) => streams.includes(e.event?.streamId ?? ''));

describe('EventStoreDB read', () => {
  let target: Target;
  before(async () => {
    target = await startTarget();
  });
  after(async () => {
    await target.stop();
  });

  it('when reading a stream forwards from a revision with a count, then that window comes back in order', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A', 'B', 'C', 'D', 'E'));
    const read = await collect(
      target.client.readStream(stream, { fromRevision: 1n, maxCount: 3, direction: FORWARDS }),
    );
    expect(typesOf(read)).to.deep.equal(['B', 'C', 'D']);
    expect(read.map((e) => e.event?.revision)).to.deep.equal([1n, 2n, 3n]);
  });

  it('when reading a stream backwards from the end or a revision, then newest comes first', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A', 'B', 'C'));
    expect(
      typesOf(await collect(target.client.readStream(stream, { fromRevision: END, direction: BACKWARDS }))),
    ).to.deep.equal(['C', 'B', 'A']);
    expect(
      typesOf(await collect(target.client.readStream(stream, { fromRevision: 1n, direction: BACKWARDS, maxCount: 5 }))),
    ).to.deep.equal(['B', 'A']);
    expect(
      typesOf(
        await collect(target.client.readStream(stream, { fromRevision: END, direction: BACKWARDS, maxCount: 1 })),
      ),
    ).to.deep.equal(['C']);
  });

  it('when reading a stream longer than a page, then every event arrives once', async () => {
    const stream = uniqueStream();
    const many = Array.from({ length: 600 }, (_, i) => jsonEvent({ type: 'N', data: { i } }));
    await target.client.appendToStream(stream, many);
    const read = await collect(target.client.readStream(stream, { fromRevision: START }));
    expect(read.map((e) => Number(e.event?.revision))).to.deep.equal(Array.from({ length: 600 }, (_, i) => i));
    const backwards = await collect(target.client.readStream(stream, { fromRevision: END, direction: BACKWARDS }));
    expect(backwards.length).to.equal(600);
    expect(backwards[599].event?.revision).to.equal(0n);
  });

  it('when reading a stream that does not exist, then StreamNotFoundError', async () => {
    const stream = uniqueStream();
    const error = await rejectionOf(collect(target.client.readStream(stream)));
    expect(error).to.be.instanceOf(StreamNotFoundError);
    expect((error as StreamNotFoundError).streamName).to.equal(stream);
  });

  it('when reading $all forwards from a position, then events come in log order starting at that position', async () => {
    const first = uniqueStream();
    const second = uniqueStream();
    const a = await target.client.appendToStream(first, events('A1'));
    await target.client.appendToStream(second, events('B1'));
    await target.client.appendToStream(first, events('A2'));
    const all = await collect(
      target.client.readAll({ fromPosition: a.position, maxCount: 1_000, direction: FORWARDS }),
    );
    const mine = ofStreams(all, [first, second]);
    expect(typesOf(mine)).to.deep.equal(['A1', 'B1', 'A2']);
    expect(mine[0].event?.position).to.deep.equal(a.position);
    const positions = mine.map((e) => e.event?.position?.commit as bigint);
    expect([...positions].sort((x, y) => (x < y ? -1 : 1))).to.deep.equal(positions);
  });

  it('when reading $all backwards from the end, then the latest events come first and the count is honoured', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('X', 'Y', 'Z'));
    const latest = await collect(target.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 50 }));
    expect(latest.length).to.be.at.most(50);
    expect(typesOf(ofStreams(latest, [stream]))).to.deep.equal(['Z', 'Y', 'X']);
    const one = await collect(target.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    expect(one.length).to.equal(1);
  });

  it('when reading $all backwards from an event position, then reading starts with the event before it', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('First'));
    const second = await target.client.appendToStream(stream, events('Second'));
    await target.client.appendToStream(stream, events('Third'));
    const read = await collect(
      target.client.readAll({ fromPosition: second.position, direction: BACKWARDS, maxCount: 100 }),
    );
    expect(typesOf(ofStreams(read, [stream]))).to.deep.equal(['First']);
  });

  it('when reading $all from the start, then it begins with the oldest event', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('Old'));
    const [oldest] = await collect(target.client.readAll({ fromPosition: START, maxCount: 1 }));
    const [newest] = await collect(target.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    expect((oldest.event?.position?.commit as bigint) <= (newest.event?.position?.commit as bigint)).to.equal(true);
  });

  it('when a stream holds a link and is read with resolveLinkTos, then the target comes back with the link beside it', async () => {
    const source = uniqueStream();
    const links = uniqueStream();
    await target.client.appendToStream(source, events('Target0', 'Target1'));
    await target.client.appendToStream(links, binaryEvent({ type: '$>', data: Buffer.from(`1@${source}`) }));
    const [resolved] = await collect(target.client.readStream(links, { resolveLinkTos: true }));
    expect(resolved.event?.type).to.equal('Target1');
    expect(resolved.event?.streamId).to.equal(source);
    expect(resolved.link?.type).to.equal('$>');
    expect(resolved.link?.streamId).to.equal(links);
    const [unresolved] = await collect(target.client.readStream(links, { resolveLinkTos: false }));
    expect(unresolved.event?.type).to.equal('$>');
    expect(unresolved.link).to.equal(undefined);
  });
});
