// Conformance: soft delete and revival, tombstones, and the stream metadata the server acts on ($maxCount, $tb, $maxAge).
import { expect } from 'chai';
import {
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  jsonEvent,
  versionsOf,
} from './client.js';
import { collect, rejectionOf, startTarget, typesOf, uniqueStream, type Target } from './target.js';

const events = (...types: string[]) => types.map((type) => jsonEvent({ type, data: {} }));

describe('EventStoreDB deletion and stream metadata', () => {
  let target: Target;
  before(async () => {
    target = await startTarget();
  });
  after(async () => {
    await target.stop();
  });

  it('when a stream is soft-deleted, then reading it finds no stream', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A', 'B'));
    const result = await target.client.deleteStream(stream);
    expect(result.position?.commit).to.be.a('bigint');
    expect(await rejectionOf(collect(target.client.readStream(stream)))).to.be.instanceOf(StreamNotFoundError);
  });

  it('when a soft-deleted stream is appended to again, then it revives with continuing revisions and only the new events', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A', 'B'));
    await target.client.deleteStream(stream);
    const revived = await target.client.appendToStream(stream, events('C'), { expectedRevision: NO_STREAM });
    expect(revived.nextExpectedRevision).to.equal(2n);
    const read = await collect(target.client.readStream(stream));
    expect(typesOf(read)).to.deep.equal(['C']);
    expect(read[0].event?.revision).to.equal(2n);
  });

  it('when deleting with a stale expected revision, then WrongExpectedVersionError', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A', 'B'));
    const error = await rejectionOf(target.client.deleteStream(stream, { expectedRevision: 0n }));
    expect(error).to.be.instanceOf(WrongExpectedVersionError);
    expect(versionsOf(error).actual).to.equal(1n);
    expect(typesOf(await collect(target.client.readStream(stream)))).to.deep.equal(['A', 'B']);
  });

  it('when a stream that never existed is soft-deleted, then WrongExpectedVersionError, whatever was expected', async () => {
    for (const options of [{}, { expectedRevision: NO_STREAM }] as const) {
      const stream = uniqueStream();
      const error = await rejectionOf(target.client.deleteStream(stream, options));
      expect(error).to.be.instanceOf(WrongExpectedVersionError);
      expect((error as WrongExpectedVersionError).streamName).to.equal(stream);
    }
  });

  it('when a stream that has only metadata is soft-deleted, then it succeeds', async () => {
    const stream = uniqueStream();
    await target.client.setStreamMetadata(stream, { maxCount: 5 });
    const result = await target.client.deleteStream(stream);
    expect(result.position?.commit).to.be.a('bigint');
  });

  it('when a stream is tombstoned, then reads, appends and another tombstone fail with StreamDeletedError', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A'));
    await target.client.tombstoneStream(stream);
    const readError = await rejectionOf(collect(target.client.readStream(stream)));
    expect(readError).to.be.instanceOf(StreamDeletedError);
    expect((readError as StreamDeletedError).streamName).to.equal(stream);
    expect(await rejectionOf(target.client.appendToStream(stream, events('B')))).to.be.instanceOf(StreamDeletedError);
    expect(await rejectionOf(target.client.tombstoneStream(stream))).to.be.instanceOf(StreamDeletedError);
  });

  it('when $maxCount is set, then reads return only the latest events', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A', 'B', 'C', 'D'));
    await target.client.setStreamMetadata(stream, { maxCount: 2 });
    expect(typesOf(await collect(target.client.readStream(stream)))).to.deep.equal(['C', 'D']);
    const { metadata } = await target.client.getStreamMetadata(stream);
    expect(metadata?.maxCount).to.equal(2);
  });

  it('when $tb is set, then reads start at that revision', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A', 'B', 'C'));
    await target.client.setStreamMetadata(stream, { truncateBefore: 2 });
    const read = await collect(target.client.readStream(stream));
    expect(typesOf(read)).to.deep.equal(['C']);
    expect(read[0].event?.revision).to.equal(2n);
  });

  it('when $maxAge has passed, then older events are no longer read', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('Old'));
    await target.client.setStreamMetadata(stream, { maxAge: 1 });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await target.client.appendToStream(stream, events('New'));
    expect(typesOf(await collect(target.client.readStream(stream)))).to.deep.equal(['New']);
  });

  it('when custom metadata is set twice, then the latest is read back', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, events('A'));
    await target.client.setStreamMetadata(stream, { owner: 'box-office' });
    await target.client.setStreamMetadata(stream, { owner: 'box-office', region: 'eu' });
    const result = await target.client.getStreamMetadata(stream);
    expect(result.metadata).to.deep.include({ owner: 'box-office', region: 'eu' });
  });

  it('when a stream has no metadata, then getStreamMetadata returns none', async () => {
    const result = await target.client.getStreamMetadata(uniqueStream());
    expect(result.metadata).to.equal(undefined);
  });
});
