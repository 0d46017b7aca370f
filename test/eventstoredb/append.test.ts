// Conformance: appending with every expected-revision form, idempotent retries and the errors the client maps.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import {
  ANY,
  NO_STREAM,
  STREAM_EXISTS,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  UnknownError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
  versionsOf,
} from './client.js';
import { collect, rejectionOf, startTarget, typesOf, uniqueStream, type Target } from './target.js';

const event = (type: string, id?: string) => jsonEvent({ type, data: { type }, ...(id ? { id } : {}) });

describe('EventStoreDB append', () => {
  let target: Target;
  before(async () => {
    target = await startTarget();
  });
  after(async () => {
    await target.stop();
  });

  it('when appending to a new stream with no_stream, then revisions start at 0 and the position is returned', async () => {
    const stream = uniqueStream();
    const result = await target.client.appendToStream(stream, [event('A'), event('B')], {
      expectedRevision: NO_STREAM,
    });
    expect(result.success).to.equal(true);
    expect(result.nextExpectedRevision).to.equal(1n);
    expect(result.position?.commit).to.be.a('bigint');
    const read = await collect(target.client.readStream(stream));
    expect(read.map((e) => e.event?.revision)).to.deep.equal([0n, 1n]);
    expect(read[1].event?.position?.commit).to.equal(result.position?.commit);
  });

  it('when appending with no_stream to an existing stream, then WrongExpectedVersionError says the actual revision', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, event('A'));
    const error = await rejectionOf(target.client.appendToStream(stream, event('B'), { expectedRevision: NO_STREAM }));
    expect(error).to.be.instanceOf(WrongExpectedVersionError);
    const wrong = error as WrongExpectedVersionError;
    expect(wrong.streamName).to.equal(stream);
    expect(versionsOf(wrong)).to.deep.equal({ expected: 'no_stream', actual: 0n });
  });

  it('when appending at the current revision, then it succeeds; at a stale one, then it fails with both revisions', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, [event('A'), event('B')]);
    const ok = await target.client.appendToStream(stream, event('C'), { expectedRevision: 1n });
    expect(ok.nextExpectedRevision).to.equal(2n);
    const error = (await rejectionOf(
      target.client.appendToStream(stream, event('D'), { expectedRevision: 1n }),
    )) as WrongExpectedVersionError;
    expect(error).to.be.instanceOf(WrongExpectedVersionError);
    expect(versionsOf(error)).to.deep.equal({ expected: 1n, actual: 2n });
  });

  it('when expecting a revision of a stream that does not exist, then the actual version is no_stream', async () => {
    const error = (await rejectionOf(
      target.client.appendToStream(uniqueStream(), event('A'), { expectedRevision: 4n }),
    )) as WrongExpectedVersionError;
    expect(error).to.be.instanceOf(WrongExpectedVersionError);
    expect(versionsOf(error).actual).to.equal('no_stream');
  });

  it('when appending with stream_exists, then a missing stream is refused and an existing one accepted', async () => {
    const stream = uniqueStream();
    const error = (await rejectionOf(
      target.client.appendToStream(stream, event('A'), { expectedRevision: STREAM_EXISTS }),
    )) as WrongExpectedVersionError;
    expect(error).to.be.instanceOf(WrongExpectedVersionError);
    expect(versionsOf(error).expected).to.equal('stream_exists');
    await target.client.appendToStream(stream, event('A'), { expectedRevision: NO_STREAM });
    const ok = await target.client.appendToStream(stream, event('B'), { expectedRevision: STREAM_EXISTS });
    expect(ok.nextExpectedRevision).to.equal(1n);
  });

  it('when appending with any, then it always appends at the end', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, event('A'), { expectedRevision: ANY });
    const ok = await target.client.appendToStream(stream, event('B'), { expectedRevision: ANY });
    expect(ok.nextExpectedRevision).to.equal(1n);
  });

  it('when the same events are appended again with the same expectation, then the original result comes back and nothing is added', async () => {
    const stream = uniqueStream();
    const ids = [randomUUID(), randomUUID()];
    const first = await target.client.appendToStream(stream, [event('A', ids[0]), event('B', ids[1])], {
      expectedRevision: NO_STREAM,
    });
    const again = await target.client.appendToStream(stream, [event('A', ids[0]), event('B', ids[1])], {
      expectedRevision: NO_STREAM,
    });
    expect(again.nextExpectedRevision).to.equal(first.nextExpectedRevision);
    expect(again.position?.commit).to.equal(first.position?.commit);
    const retriedAtRevision = await target.client.appendToStream(stream, [event('A', ids[0]), event('B', ids[1])], {
      expectedRevision: ANY,
    });
    expect(retriedAtRevision.nextExpectedRevision).to.equal(1n);
    expect(typesOf(await collect(target.client.readStream(stream)))).to.deep.equal(['A', 'B']);
  });

  it('when a retry matches only part of the stored events, then it is a wrong expected version', async () => {
    const stream = uniqueStream();
    const ids = [randomUUID(), randomUUID()];
    await target.client.appendToStream(stream, [event('A', ids[0]), event('B', ids[1])], {
      expectedRevision: NO_STREAM,
    });
    const error = await rejectionOf(
      target.client.appendToStream(stream, [event('A', ids[0]), event('X', randomUUID())], {
        expectedRevision: NO_STREAM,
      }),
    );
    expect(error).to.be.instanceOf(WrongExpectedVersionError);
  });

  it('when an append is over 1,048,576 bytes, then MaxAppendSizeExceededError, and the server keeps serving', async () => {
    const stream = uniqueStream();
    const error = await rejectionOf(
      target.client.appendToStream(stream, binaryEvent({ type: 'Big', data: new Uint8Array(1_048_577) })),
    );
    expect(error).to.be.instanceOf(MaxAppendSizeExceededError);
    expect((error as MaxAppendSizeExceededError).maxAppendSize).to.equal(1_048_576);
    const ok = await target.client.appendToStream(stream, binaryEvent({ type: 'Small', data: new Uint8Array(1_000) }));
    expect(ok.nextExpectedRevision).to.equal(0n);
  });

  it("when a single event is larger than gRPC's default message limit, then it is still MaxAppendSizeExceededError", async () => {
    const error = await rejectionOf(
      target.client.appendToStream(
        uniqueStream(),
        binaryEvent({ type: 'Huge', data: new Uint8Array(5 * 1024 * 1024) }),
      ),
    );
    expect(error).to.be.instanceOf(MaxAppendSizeExceededError);
  });

  it('when the stream name is empty, then the client gets an error and the server keeps serving', async () => {
    const error = await rejectionOf(target.client.appendToStream('', event('A')));
    expect(error).to.be.instanceOf(UnknownError);
    const ok = await target.client.appendToStream(uniqueStream(), event('A'));
    expect(ok.success).to.equal(true);
  });

  it('when an event is sent without a type, then it is stored with an empty type, as EventStoreDB does', async () => {
    // The client cannot omit the key: protobuf sends `type: ""`, which the real server accepts.
    const stream = uniqueStream();
    await target.client.appendToStream(stream, jsonEvent({ type: undefined as unknown as string, data: {} }));
    const [read] = await collect(target.client.readStream(stream));
    expect(read.event?.type).to.equal('');
  });

  it('when binary data and metadata are appended, then they are read back byte for byte', async () => {
    const stream = uniqueStream();
    const data = Uint8Array.from([0, 1, 2, 254, 255]);
    await target.client.appendToStream(stream, binaryEvent({ type: 'Bin', data, metadata: { traceId: 't-1' } }));
    const [read] = await collect(target.client.readStream(stream));
    expect(read.event?.isJson).to.equal(false);
    expect(Buffer.from(read.event?.data as Uint8Array)).to.deep.equal(Buffer.from(data));
    expect(read.event?.metadata).to.deep.equal({ traceId: 't-1' });
  });

  it('when appending to a tombstoned stream, then StreamDeletedError names the stream', async () => {
    const stream = uniqueStream();
    await target.client.appendToStream(stream, event('A'));
    await target.client.tombstoneStream(stream);
    const error = await rejectionOf(target.client.appendToStream(stream, event('B')));
    expect(error).to.be.instanceOf(StreamDeletedError);
    expect((error as StreamDeletedError).streamName).to.equal(stream);
  });
});
