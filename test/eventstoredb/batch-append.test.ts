// Embedded server: appends through Streams.BatchAppend, the path the Node client takes against a server that advertises it.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import timestampPb from 'google-protobuf/google/protobuf/timestamp_pb.js';
import {
  ANY,
  BACKWARDS,
  END,
  NO_STREAM,
  STREAM_EXISTS,
  DeadlineExceededError,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
} from '@eventstore/db-client';
import { sharedPb, streamIdentifier, streamsGrpc, streamsPb } from './client-protocol.js';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { collect, rejectionOf, typesOf, uniqueStream } from './target.js';

type BatchAppendResp = InstanceType<typeof streamsPb.BatchAppendResp>;
const { Timestamp } = timestampPb;

const event = (type: string, id?: string) => jsonEvent({ type, data: { type }, ...(id ? { id } : {}) });

/** A raw BatchAppend call whose requests are bytes, so that a test can send what no client would. */
const RawStreams = grpc.makeClientConstructor(
  {
    batchAppend: {
      ...streamsGrpc.StreamsService.batchAppend,
      requestSerialize: (request: Buffer) => request,
      responseDeserialize: (bytes: Buffer) => streamsPb.BatchAppendResp.deserializeBinary(new Uint8Array(bytes)),
    },
  },
  'Streams',
);

interface RawCall {
  send(request: Buffer | InstanceType<typeof streamsPb.BatchAppendReq>): void;
  /** Resolves with the next answer. */
  next(): Promise<BatchAppendResp>;
  /** Resolves with the status the call ended with. */
  readonly ended: Promise<grpc.StatusObject | grpc.ServiceError>;
  /** Ends the client's side of the call. */
  end(): void;
  /** Stops (and resumes) reading answers, as a slow client would. */
  pause(): void;
  resume(): void;
  cancel(): void;
}

function openRawCall(port: number): { call: RawCall; close(): void } {
  const client = new RawStreams(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as unknown as grpc.Client & {
    batchAppend(): grpc.ClientDuplexStream<Buffer, BatchAppendResp>;
  };
  const stream = client.batchAppend();
  const answers: BatchAppendResp[] = [];
  const waiting: ((answer: BatchAppendResp) => void)[] = [];
  stream.on('data', (answer: BatchAppendResp) => {
    const waiter = waiting.shift();
    if (waiter) waiter(answer);
    else answers.push(answer);
  });
  const ended = new Promise<grpc.StatusObject | grpc.ServiceError>((resolve) => {
    stream.on('error', resolve);
    stream.on('status', resolve);
  });
  const call: RawCall = {
    send: (request) => stream.write(Buffer.isBuffer(request) ? request : Buffer.from(request.serializeBinary())),
    next: () => {
      const answer = answers.shift();
      return answer ? Promise.resolve(answer) : new Promise((resolve) => waiting.push(resolve));
    },
    ended,
    end: () => stream.end(),
    pause: () => stream.pause(),
    resume: () => stream.resume(),
    cancel: () => stream.cancel(),
  };
  return { call, close: () => client.close() };
}

/** Runs the work on a fresh raw call, then cancels the call and closes its client whatever happened. */
async function withRawCall(port: number, work: (call: RawCall) => Promise<void>): Promise<void> {
  const { call, close } = openRawCall(port);
  try {
    await work(call);
  } finally {
    call.cancel();
    close();
  }
}

function request(
  correlation: string,
  { stream, final = true, events = 1 }: { stream?: string; final?: boolean; events?: number } = {},
) {
  const message = new streamsPb.BatchAppendReq()
    .setCorrelationId(new sharedPb.UUID().setString(correlation))
    .setIsFinal(final);
  if (stream !== undefined) {
    message.setOptions(
      new streamsPb.BatchAppendReq.Options().setStreamIdentifier(streamIdentifier(stream)).setAny(new sharedPb.Empty()),
    );
  }
  for (let i = 0; i < events; i++) {
    const proposed = new streamsPb.BatchAppendReq.ProposedMessage()
      .setId(new sharedPb.UUID().setString(randomUUID()))
      .setData(Buffer.from('{}'));
    proposed.getMetadataMap().set('type', 'Raw').set('content-type', 'application/json');
    message.addProposedMessages(proposed);
  }
  return message;
}

const correlationOf = (answer: BatchAppendResp) => answer.getCorrelationId()?.getString();

describe('Embedded EventStoreDB BatchAppend', () => {
  let server: EmbeddedEventStoreDB;
  let client: EventStoreDBClient;
  before(async () => {
    server = await startEventStoreDB();
    client = EventStoreDBClient.connectionString(server.connectionString);
  });
  after(async () => {
    await client.dispose();
    await server.stop();
  });

  describe('through the Node client', () => {
    it('when appending with no_stream, any, stream_exists and a revision, then each answers like the streaming Append did', async () => {
      const stream = uniqueStream();
      const created = await client.appendToStream(stream, [event('A'), event('B')], { expectedRevision: NO_STREAM });
      expect(created.success).to.equal(true);
      expect(created.nextExpectedRevision).to.equal(1n);
      const [, last] = await collect(client.readStream(stream));
      expect(last.event?.position?.commit).to.equal(created.position?.commit);
      expect(
        (await client.appendToStream(stream, event('C'), { expectedRevision: ANY })).nextExpectedRevision,
      ).to.equal(2n);
      expect(
        (await client.appendToStream(stream, event('D'), { expectedRevision: STREAM_EXISTS })).nextExpectedRevision,
      ).to.equal(3n);
      expect((await client.appendToStream(stream, event('E'), { expectedRevision: 3n })).nextExpectedRevision).to.equal(
        4n,
      );
      expect(typesOf(await collect(client.readStream(stream)))).to.deep.equal(['A', 'B', 'C', 'D', 'E']);
    });

    it('when an expectation fails, then WrongExpectedVersionError carries the stream, the expected and the actual version', async () => {
      const stream = uniqueStream();
      await client.appendToStream(stream, [event('A'), event('B')]);
      const cases: [Parameters<typeof client.appendToStream>[2], string | bigint, string | bigint, string][] = [
        [{ expectedRevision: NO_STREAM }, 'no_stream', 1n, stream],
        [{ expectedRevision: 0n }, 0n, 1n, stream],
        [{ expectedRevision: 7n }, 7n, 1n, stream],
      ];
      const missing = uniqueStream();
      cases.push(
        [{ expectedRevision: STREAM_EXISTS }, 'stream_exists', 'no_stream', missing],
        [{ expectedRevision: 4n }, 4n, 'no_stream', missing],
      );
      for (const [options, expected, actual, target] of cases) {
        const error = await rejectionOf(client.appendToStream(target, event('X'), options));
        expect(error).to.be.instanceOf(WrongExpectedVersionError);
        const wrong = error as WrongExpectedVersionError;
        expect([wrong.streamName, wrong.expectedVersion, wrong.actualVersion]).to.deep.equal([
          target,
          expected,
          actual,
        ]);
      }
      expect(typesOf(await collect(client.readStream(stream)))).to.deep.equal(['A', 'B']);
      expect(await rejectionOf(collect(client.readStream(missing)))).to.be.instanceOf(StreamNotFoundError);
    });

    it('when the same events are appended again, then the original result comes back and nothing is added', async () => {
      const stream = uniqueStream();
      const ids = [randomUUID(), randomUUID()];
      const first = await client.appendToStream(stream, [event('A', ids[0]), event('B', ids[1])], {
        expectedRevision: NO_STREAM,
      });
      const again = await client.appendToStream(stream, [event('A', ids[0]), event('B', ids[1])], {
        expectedRevision: NO_STREAM,
      });
      expect(again.nextExpectedRevision).to.equal(first.nextExpectedRevision);
      expect(again.position?.commit).to.equal(first.position?.commit);
      expect(typesOf(await collect(client.readStream(stream)))).to.deep.equal(['A', 'B']);
    });

    it('when an append carries no events, then it succeeds and the stream still does not exist', async () => {
      const stream = uniqueStream();
      const result = await client.appendToStream(stream, [], { expectedRevision: NO_STREAM });
      expect(result.success).to.equal(true);
      expect(await rejectionOf(collect(client.readStream(stream)))).to.be.instanceOf(StreamNotFoundError);
    });

    it('when the stream is tombstoned, then StreamDeletedError names it', async () => {
      const stream = uniqueStream();
      await client.appendToStream(stream, event('A'));
      await client.tombstoneStream(stream);
      const error = await rejectionOf(client.appendToStream(stream, event('B')));
      expect(error).to.be.instanceOf(StreamDeletedError);
      expect((error as StreamDeletedError).streamName).to.equal(stream);
    });

    it('when an append is over the maximum size, then MaxAppendSizeExceededError says the limit and nothing is written', async () => {
      const stream = uniqueStream();
      const events = Array.from({ length: 3 }, () => binaryEvent({ type: 'Big', data: new Uint8Array(400_000) }));
      const error = await rejectionOf(client.appendToStream(stream, events));
      expect(error).to.be.instanceOf(MaxAppendSizeExceededError);
      expect((error as MaxAppendSizeExceededError).maxAppendSize).to.equal(1_048_576);
      expect(await rejectionOf(collect(client.readStream(stream)))).to.be.instanceOf(StreamNotFoundError);
    });

    it('when an append over 3 MB is split by the client, then it is refused as a whole, and the next append works', async () => {
      const stream = uniqueStream();
      const events = Array.from({ length: 4 }, () => binaryEvent({ type: 'Big', data: new Uint8Array(1_000_000) }));
      const error = await rejectionOf(client.appendToStream(stream, events));
      expect(error).to.be.instanceOf(MaxAppendSizeExceededError);
      expect(await rejectionOf(collect(client.readStream(stream)))).to.be.instanceOf(StreamNotFoundError);
      expect((await client.appendToStream(stream, event('Small'))).nextExpectedRevision).to.equal(0n);
    });

    it('when an append is split into hundreds of requests, then it arrives whole, in order, as one commit, while other appends go on', async () => {
      const stream = uniqueStream();
      const other = uniqueStream();
      const events = Array.from({ length: 600 }, (_, i) =>
        jsonEvent({ type: `E${i}`, data: { i, pad: 'x'.repeat(1_000) } }),
      );
      const [split, ...others] = await Promise.all([
        client.appendToStream(stream, events, { expectedRevision: NO_STREAM, batchAppendSize: 1_024 }),
        ...Array.from({ length: 20 }, () => client.appendToStream(other, event('Other'))),
      ]);
      expect(split.nextExpectedRevision).to.equal(599n);
      expect(others.every((result) => result.success)).to.equal(true);
      const read = await collect(client.readStream(stream, { maxCount: 1_000 }));
      expect(typesOf(read)).to.deep.equal(events.map((e) => e.type));
      const positions = read.map((e) => e.event?.position?.commit as bigint);
      expect(positions[599] - positions[0]).to.equal(599n);
    });

    it('when 200 appends to 200 streams run at once on one client, then all succeed with their own revisions', async () => {
      const prefix = uniqueStream();
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          client.appendToStream(
            `${prefix}-${i}`,
            Array.from({ length: (i % 3) + 1 }, () => event(`N${i}`)),
            { expectedRevision: NO_STREAM },
          ),
        ),
      );
      expect(results.map((result) => result.nextExpectedRevision)).to.deep.equal(
        Array.from({ length: 200 }, (_, i) => BigInt(i % 3)),
      );
      const [read] = await collect(client.readStream(`${prefix}-117`));
      expect(read.event?.type).to.equal('N117');
    });

    it('when 50 appends to one stream run at once, then each answer names the revision its event got', async () => {
      const stream = uniqueStream();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => client.appendToStream(stream, event(`E${i}`))),
      );
      const read = await collect(client.readStream(stream));
      for (const [i, result] of results.entries()) {
        expect(read[Number(result.nextExpectedRevision)].event?.type).to.equal(`E${i}`);
      }
      expect(new Set(results.map((result) => result.nextExpectedRevision)).size).to.equal(50);
    });

    it('when the deadline has passed before the append is handled, then DeadlineExceededError and nothing is written', async () => {
      const stream = uniqueStream();
      const error = await rejectionOf(client.appendToStream(stream, event('Late'), { deadline: 0 }));
      expect(error).to.be.instanceOf(DeadlineExceededError);
      expect(await rejectionOf(collect(client.readStream(stream)))).to.be.instanceOf(StreamNotFoundError);
    });
  });

  describe('through raw requests', () => {
    it('when a request cannot be decoded and has no correlation id, then only that call fails, with INVALID_ARGUMENT', async () => {
      const { call, close } = openRawCall(server.port);
      try {
        call.send(Buffer.from([0x0a, 0xff, 0xff, 0xff]));
        expect((await call.ended).code).to.equal(grpc.status.INVALID_ARGUMENT);
        expect((await client.appendToStream(uniqueStream(), event('After'))).success).to.equal(true);
      } finally {
        close();
      }
    });

    it('when a request is cut short after its correlation id, then that append is refused and the call goes on', async () => {
      await withRawCall(server.port, async (call) => {
        const broken = randomUUID();
        const cut = Buffer.concat([
          Buffer.from(request(broken, { stream: uniqueStream() }).serializeBinary()),
          Buffer.from([0x1a, 0x05, 0x01]),
        ]);
        call.send(cut);
        const refused = await call.next();
        expect(correlationOf(refused)).to.equal(broken);
        expect(refused.getError()?.getCode()).to.equal(grpc.status.INVALID_ARGUMENT);
        const fine = randomUUID();
        call.send(request(fine, { stream: uniqueStream() }));
        const answer = await call.next();
        expect(correlationOf(answer)).to.equal(fine);
        expect(answer.hasSuccess()).to.equal(true);
      });
    });

    it('when a request names a correlation that was never opened, then it is ignored and later appends are answered', async () => {
      await withRawCall(server.port, async (call) => {
        call.send(request(randomUUID()));
        const known = randomUUID();
        const stream = uniqueStream();
        call.send(request(known, { stream, events: 2 }));
        const answer = await call.next();
        expect(correlationOf(answer)).to.equal(known);
        expect(answer.getSuccess()?.getCurrentRevision()).to.equal('1');
        expect(answer.getStreamIdentifier()?.getStreamName_asU8()).to.deep.equal(Buffer.from(stream));
      });
    });

    it('when an append comes in several requests, then it is written once its final request arrives', async () => {
      await withRawCall(server.port, async (call) => {
        const id = randomUUID();
        const stream = uniqueStream();
        call.send(request(id, { stream, final: false, events: 2 }));
        call.send(request(id, { final: false, events: 3 }));
        const probe = randomUUID();
        call.send(request(probe, { stream: uniqueStream() }));
        expect(correlationOf(await call.next())).to.equal(probe);
        expect(await rejectionOf(collect(client.readStream(stream)))).to.be.instanceOf(StreamNotFoundError);
        call.send(request(id, { final: true, events: 1 }));
        const answer = await call.next();
        expect(correlationOf(answer)).to.equal(id);
        expect(answer.getSuccess()?.getCurrentRevision()).to.equal('5');
      });
    });

    it('when a call leaves more than 256 appends unfinished, then the next one is refused with a reason rather than held', async () => {
      await withRawCall(server.port, async (call) => {
        for (let i = 0; i < 256; i++) call.send(request(randomUUID(), { stream: uniqueStream(), final: false }));
        const extra = randomUUID();
        call.send(request(extra, { stream: uniqueStream(), final: false }));
        const refused = await call.next();
        expect(correlationOf(refused)).to.equal(extra);
        expect(refused.getError()?.getMessage()).to.equal('More than 256 unfinished appends on this call.');
      });
    });

    it('when unfinished appends on a call would hold more than 32 MiB, then the one that crosses it is refused', async () => {
      await withRawCall(server.port, async (call) => {
        const big = (id: string) => {
          const message = request(id, { stream: uniqueStream(), final: false, events: 0 });
          const proposed = new streamsPb.BatchAppendReq.ProposedMessage()
            .setId(new sharedPb.UUID().setString(randomUUID()))
            .setData(new Uint8Array(1_000_000));
          proposed.getMetadataMap().set('type', 'Big').set('content-type', 'application/octet-stream');
          message.addProposedMessages(proposed);
          return message;
        };
        for (let i = 0; i < 33; i++) call.send(big(randomUUID()));
        const crossing = randomUUID();
        call.send(big(crossing));
        const refused = await call.next();
        expect(correlationOf(refused)).to.equal(crossing);
        expect(refused.getError()?.getMessage()).to.equal(
          'Unfinished appends on this call would hold more than 33554432 bytes.',
        );
      });
    });

    it('when an unfinished append reaches its deadline, then it is answered with Timeout and its later requests are ignored', async () => {
      await withRawCall(server.port, async (call) => {
        const id = randomUUID();
        const stream = uniqueStream();
        const first = request(id, { stream, final: false });
        first.getOptions()?.setDeadline(new Timestamp().setSeconds(Math.floor(Date.now() / 1_000) + 1));
        call.send(first);
        const answer = await call.next();
        expect(correlationOf(answer)).to.equal(id);
        expect(answer.getError()?.getDetails()?.getTypeName()).to.equal('event_store.client.Timeout');
        call.send(request(id, { final: true }));
        const probe = randomUUID();
        call.send(request(probe, { stream: uniqueStream() }));
        expect(correlationOf(await call.next())).to.equal(probe);
        expect(await rejectionOf(collect(client.readStream(stream)))).to.be.instanceOf(StreamNotFoundError);
      });
    });

    it('when the deadline is given as a duration (deadline = 7) of zero, then the append is answered with Timeout', async () => {
      await withRawCall(server.port, async (call) => {
        const id = randomUUID();
        const message = request(id);
        const options = Buffer.concat([
          Buffer.from(
            new streamsPb.BatchAppendReq.Options()
              .setStreamIdentifier(streamIdentifier(uniqueStream()))
              .serializeBinary(),
          ),
          Buffer.from([0x3a, 0x00]),
        ]);
        // Options (field 2) written by hand, since the Node client's generated code does not know the Duration form.
        call.send(
          Buffer.concat([Buffer.from(message.serializeBinary()), Buffer.from([0x12, options.length]), options]),
        );
        const answer = await call.next();
        expect(answer.getError()?.getDetails()?.getTypeName()).to.equal('event_store.client.Timeout');
      });
    });

    it('when the correlation id is a structured UUID, then the answer carries it back in the same form', async () => {
      await withRawCall(server.port, async (call) => {
        const structured = new sharedPb.UUID.Structured()
          .setMostSignificantBits('81985529216486895')
          .setLeastSignificantBits('-81985529216486896');
        const message = request(randomUUID(), { stream: uniqueStream() }).setCorrelationId(
          new sharedPb.UUID().setStructured(structured),
        );
        call.send(message);
        const answer = await call.next();
        expect(answer.getCorrelationId()?.getStructured()?.toObject()).to.deep.equal(structured.toObject());
        expect(answer.hasSuccess()).to.equal(true);
      });
    });

    it('when the client reads no answers, then the server stops reading its requests, and goes on once it reads again', async () => {
      await withRawCall(server.port, async (call) => {
        const stream = uniqueStream();
        call.pause();
        const total = 5_000;
        for (let i = 0; i < total; i++) call.send(request(randomUUID(), { stream }));
        const appended = async () => {
          const [last] = await collect(
            client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
          ).catch(() => []);
          return last ? Number(last.event?.revision) + 1 : 0;
        };
        let before = -1;
        let now = await appended();
        while (now !== before) {
          await new Promise((resolve) => setTimeout(resolve, 200));
          [before, now] = [now, await appended()];
        }
        expect(now).to.be.lessThan(total);
        call.resume();
        for (let i = 0; i < total; i++) expect((await call.next()).hasSuccess()).to.equal(true);
        expect(await appended()).to.equal(total);
      });
    });

    it('when a correlation has no stream identifier, then it is refused and the call goes on', async () => {
      await withRawCall(server.port, async (call) => {
        const id = randomUUID();
        const message = request(id);
        message.setOptions(new streamsPb.BatchAppendReq.Options().setAny(new sharedPb.Empty()));
        call.send(message);
        const answer = await call.next();
        expect(correlationOf(answer)).to.equal(id);
        expect(answer.getError()?.getDetails()?.getTypeName()).to.equal('event_store.client.BadRequest');
      });
    });

    it('when the client ends its side, then the server answers what it has and ends the call with OK', async () => {
      await withRawCall(server.port, async (call) => {
        const id = randomUUID();
        call.send(request(id, { stream: uniqueStream(), events: 3 }));
        call.end();
        const answer = await call.next();
        expect(correlationOf(answer)).to.equal(id);
        expect(answer.getSuccess()?.getCurrentRevision()).to.equal('2');
        expect((await call.ended).code).to.equal(grpc.status.OK);
      });
    });
  });

  describe('the client side', () => {
    it('when the Node client appends many times, then it does so over one BatchAppend call', async () => {
      const opened: string[] = [];
      const own = await startEventStoreDB({ logger: (_level, message) => opened.push(message) });
      const es = EventStoreDBClient.connectionString(own.connectionString);
      try {
        const stream = uniqueStream();
        for (let i = 0; i < 5; i++) await es.appendToStream(stream, event(`E${i}`));
        await Promise.all(Array.from({ length: 5 }, () => es.appendToStream(stream, event('More'))));
        expect(opened.filter((message) => message === 'batch append call opened')).to.have.length(1);
      } finally {
        await es.dispose();
        await own.stop();
      }
    });
  });

  describe('across a restart', () => {
    it('when the server stops, then an open call holding an unfinished append is ended by it with CANCELLED, as a real server ends it', async () => {
      const own = await startEventStoreDB();
      const { call, close } = openRawCall(own.port);
      try {
        call.send(request(randomUUID(), { stream: uniqueStream(), final: false }));
        const probe = randomUUID();
        call.send(request(probe, { stream: uniqueStream() }));
        expect(correlationOf(await call.next())).to.equal(probe);
        await own.stop();
        const ended = await call.ended;
        expect([ended.code, ended.details]).to.deep.equal([grpc.status.CANCELLED, 'Server is shutting down.']);
      } finally {
        close();
        await own.stop();
      }
    });

    it('when the server restarts on the same port, then the same client appends again', async () => {
      const dataDir = await mkdtemp(join(tmpdir(), 'esdb-batch-append-'));
      let restartable = await startEventStoreDB({ dataDir });
      const { port } = restartable;
      const es = EventStoreDBClient.connectionString(restartable.connectionString);
      try {
        const stream = uniqueStream();
        await es.appendToStream(stream, event('Before'));
        await restartable.stop();
        restartable = await startEventStoreDB({ dataDir, port });
        const after = await es.appendToStream(stream, event('After'), { expectedRevision: 0n });
        expect(after.nextExpectedRevision).to.equal(1n);
        expect(typesOf(await collect(es.readStream(stream)))).to.deep.equal(['Before', 'After']);
      } finally {
        await es.dispose();
        await restartable.stop();
        await rm(dataDir, { recursive: true, force: true });
      }
    });
  });
});
