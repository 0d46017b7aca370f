// Embedded server: a catch-up subscription writes only while the transport accepts more, then resumes on 'drain'.
import { expect } from 'chai';
import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { streamsPb } from './client-protocol.js';
import { MAX_BUFFERED_MESSAGES, ResponseWriter } from '../../embedded/eventstoredb/grpc/responseWriter.js';
import { silentLogger } from '../../embedded/eventstoredb/plugin.js';
import { EventStore } from '../../embedded/eventstoredb/store/eventStore.js';
import { CatchUpSubscription } from '../../embedded/eventstoredb/streams/catchUpSubscription.js';
import type { ReadRequest } from '../../embedded/eventstoredb/streams/readRequest.js';
import { proposedEvent } from './proposed.js';

/** What the server writes to a Read call: a jspb message, or (for events) its bytes already encoded. */
type ReadResp = InstanceType<typeof streamsPb.ReadResp> | Buffer;
const decoded = (m: ReadResp) => (Buffer.isBuffer(m) ? streamsPb.ReadResp.deserializeBinary(m) : m);

/** A server stream whose client has stopped reading: messages stay buffered until the test drains them. */
class SlowCall extends EventEmitter {
  cancelled = false;
  readonly buffered: ReadResp[] = [];
  readonly delivered: ReadResp[] = [];
  /** grpc-js's call says "full" from 16 buffered messages on. */
  write(message: ReadResp): boolean {
    this.buffered.push(message);
    return this.buffered.length < 16;
  }
  get writableLength(): number {
    return this.buffered.length;
  }
  end(): void {
    this.emit('close');
  }
  /** The client reads everything buffered. */
  drain(): void {
    this.delivered.push(...this.buffered.splice(0));
    this.emit('drain');
  }
  kinds(): string[] {
    return [...this.delivered, ...this.buffered]
      .map(decoded)
      .map((m) =>
        m.hasEvent()
          ? `e${m.getEvent()?.getEvent()?.getStreamRevision()}`
          : m.hasCaughtUp()
            ? 'caughtUp'
            : m.hasConfirmation()
              ? 'confirmation'
              : 'other',
      );
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));
const proposed = (i: number) => proposedEvent('Tick', { i });

/** A catch-up subscription from the start of the source, to a client that reads only when the test drains it. */
async function subscribeSlowly(
  log: EventStore,
  source: ReadRequest['source'],
): Promise<{ call: SlowCall; writer: ResponseWriter<ReadResp> }> {
  const call = new SlowCall();
  const request: ReadRequest = {
    source,
    direction: 'forwards',
    resolveLinks: false,
    count: undefined,
    filter: undefined,
    uuidFormat: 'string',
  };
  const writer = new ResponseWriter<ReadResp>(
    call as unknown as grpc.ServerWritableStream<unknown, ReadResp>,
    silentLogger,
  );
  await new CatchUpSubscription(log, request, writer, silentLogger).start();
  return { call, writer };
}

describe('Embedded EventStoreDB subscription backpressure', () => {
  it('when the client stops reading, then the server stops writing, and resumes in order after drain', async () => {
    const log = await EventStore.open();
    await log.append(
      'meter-1',
      'no_stream',
      Array.from({ length: 1_000 }, (_, i) => proposed(i)),
    );
    const { call } = await subscribeSlowly(log, { kind: 'stream', stream: 'meter-1', from: 'start' });
    await settle();
    expect(call.buffered.length).to.equal(MAX_BUFFERED_MESSAGES);

    // Live events committed meanwhile must not pile up in memory either.
    await log.append(
      'meter-1',
      999n,
      Array.from({ length: 500 }, (_, i) => proposed(1_000 + i)),
    );
    await settle();
    expect(call.buffered.length).to.equal(MAX_BUFFERED_MESSAGES);

    for (let rounds = 0; rounds < 1_000 && call.kinds().length < 1_502; rounds++) {
      call.drain();
      await settle();
      expect(call.buffered.length).to.be.at.most(MAX_BUFFERED_MESSAGES);
    }
    const kinds = call.kinds();
    expect(kinds[0]).to.equal('confirmation');
    const revisions = kinds.filter((k) => k.startsWith('e')).map((k) => Number(k.slice(1)));
    expect(revisions).to.deep.equal(Array.from({ length: 1_500 }, (_, i) => i));
    expect(kinds.filter((k) => k === 'caughtUp')).to.have.length(1);
    await log.close();
  });

  it('when the client goes away while the transport is full, then the subscription stops following the log', async () => {
    const log = await EventStore.open();
    await log.append(
      'meter-2',
      'no_stream',
      Array.from({ length: 400 }, (_, i) => proposed(i)),
    );
    const { call, writer } = await subscribeSlowly(log, { kind: 'all', from: 'start' });
    await settle();
    expect(call.buffered.length).to.equal(MAX_BUFFERED_MESSAGES);
    call.cancelled = true;
    call.emit('cancelled');
    const before = call.buffered.length;
    await log.append('meter-2', 'any', [proposed(400)]);
    call.drain();
    await settle();
    expect(call.delivered.length).to.equal(before);
    expect(call.buffered).to.have.length(0);
    expect(writer.isOpen).to.equal(false);
    await log.close();
  });
});
