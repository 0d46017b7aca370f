// The command pipeline as the service runs it (the core inside the batching layer) against a real EventStoreDB client:
// expected revisions, retries, no-ops, metadata, batches, validation on read. The core alone: batching-equivalence.test.ts.
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { expect } from 'chai';
import { startEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { bookingDecider } from '../../src/bookings/decider.js';
import { bookingStream } from '../../src/bookings/stream.js';
import { concertDecider } from '../../src/concerts/decider.js';
import { ConcertRejection } from '../../src/concerts/rejection.js';
import { concertStream } from '../../src/concerts/stream.js';
import { withBatchingAndCache } from '../../src/eventstore/batching-command-handler.js';
import { createCommandHandler, type CommandHandler } from '../../src/eventstore/command-handler.js';
import { InvalidStoredEventError } from '../../src/eventstore/errors.js';

const now = () => new Date();
/** A handler as one service instance has it (src/service.ts). */
const serviceHandler = (client: EventStoreDBClient) => withBatchingAndCache(createCommandHandler(client), client);
const context = (correlationId: string) => ({ correlationId, causationId: `cause-${correlationId}` });

async function eventsOf(client: EventStoreDBClient, stream: string) {
  const events = [];
  for await (const resolved of client.readStream(stream)) events.push(resolved.event!);
  return events;
}

describe('command handling on EventStoreDB', () => {
  let stopServer: () => Promise<void>;
  let client: EventStoreDBClient;
  let handler: CommandHandler;

  before(async () => {
    const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
    if (connectionString) {
      stopServer = async () => {};
      client = EventStoreDBClient.connectionString(connectionString);
    } else {
      const server = await startEventStoreDB({ port: 0 });
      stopServer = () => server.stop();
      client = EventStoreDBClient.connectionString(server.connectionString);
    }
    handler = serviceHandler(client);
  });
  after(async () => {
    await client.dispose();
    await stopServer();
  });

  const scheduleConcert = async (concertId: string) =>
    handler.handle(
      concertStream(concertId),
      concertDecider,
      {
        type: 'ScheduleConcert',
        data: { concertId, name: 'Test', seatsPerRow: 50, pricing: [{ fromRow: 1, toRow: 30, price: 100 }] },
      },
      context(concertId),
    );

  it('when a command is accepted, then its events are appended with $correlationId and $causationId', async () => {
    const bookingId = randomUUID();
    const result = await handler.handle(
      bookingStream(bookingId),
      bookingDecider,
      {
        type: 'PlaceBooking',
        data: { bookingId, clientId: 'alice', concertId: 'c', seats: [{ row: 1, number: 1 }], now: now() },
      },
      context(bookingId),
    );
    expect(result.revision).to.equal(0n);
    expect(result.state.status).to.equal('AwaitingConfirmation');
    const [stored] = await eventsOf(client, bookingStream(bookingId));
    expect(stored.type).to.equal('BookingPlaced');
    expect(stored.metadata).to.deep.equal({ $correlationId: bookingId, $causationId: `cause-${bookingId}` });
  });

  it('when a command decides nothing (a no-op), then nothing is appended and the revision stays', async () => {
    const concertId = `noop-${randomUUID().slice(0, 8)}`;
    await scheduleConcert(concertId);
    const again = await scheduleConcert(concertId);
    expect(again.events).to.deep.equal([]);
    expect(again.revision).to.equal(0n);
    expect(await eventsOf(client, concertStream(concertId))).to.have.length(1);
  });

  it('when a command is rejected, then the rejection reaches the caller and nothing is appended', async () => {
    const concertId = `reject-${randomUUID().slice(0, 8)}`;
    let caught: unknown;
    try {
      await handler.handle(
        concertStream(concertId),
        concertDecider,
        { type: 'ReleaseSeats', data: { bookingId: 'b', now: now() } },
        context(concertId),
      );
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ConcertRejection);
    expect((caught as ConcertRejection).code).to.equal('ConcertNotFound');
    expect((await handler.load(concertStream(concertId), concertDecider)).revision).to.equal(null);
  });

  it('when one process reserves 50 different seats of a concert at once, then all land in order without conflicts', async () => {
    const concertId = `queue-${randomUUID().slice(0, 8)}`;
    await scheduleConcert(concertId);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        handler.handle(
          concertStream(concertId),
          concertDecider,
          {
            type: 'ReserveSeats',
            data: { bookingId: `b${i}`, seats: [{ row: 1, number: i + 1 }], now: now(), holdSeconds: 60 },
          },
          context(`b${i}`),
        ),
      ),
    );
    // Queued per stream: each command saw the one before it, so revisions come out 1..50 in call order.
    expect(results.map((result) => Number(result.revision))).to.deep.equal(Array.from({ length: 50 }, (_, i) => i + 1));
  });

  it('when commands queue up for one stream, then they are decided in turn and appended together, each answered with its own events and revision', async () => {
    const concertId = `batch-${randomUUID().slice(0, 8)}`;
    await scheduleConcert(concertId);
    let appends = 0;
    // The real client, counting its appends.
    const counting = new Proxy(client, {
      get: (target, property) => {
        if (property === 'appendToStream')
          return (...args: Parameters<EventStoreDBClient['appendToStream']>) => (
            (appends += 1),
            target.appendToStream(...args)
          );
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const batching = serviceHandler(counting);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        batching.handle(
          concertStream(concertId),
          concertDecider,
          {
            type: 'ReserveSeats',
            data: { bookingId: `b${i}`, seats: [{ row: 6, number: i + 1 }], now: now(), holdSeconds: 60 },
          },
          context(`b${i}`),
        ),
      ),
    );
    // The first command goes alone; the 29 that queued behind it go in one append (at most a few under load).
    expect(appends).to.be.lessThan(30);
    expect(
      results.map((result) => result.events.map((event) => (event.data as { bookingId?: string }).bookingId)),
    ).to.deep.equal(Array.from({ length: 30 }, (_, i) => [`b${i}`]));
    expect(results.map((result) => Number(result.revision))).to.deep.equal(Array.from({ length: 30 }, (_, i) => i + 1));
    // Each answer carries the state right after its own events: its hold, and none of those decided after it.
    results.forEach((result, i) => {
      const holds = result.state.status === 'Scheduled' ? result.state.holds : undefined;
      expect(holds?.has(`b${i}`), `b${i}`).to.equal(true);
      expect(holds?.has(`b${i + 1}`), `b${i + 1}`).to.equal(false);
    });
    const stored = await eventsOf(client, concertStream(concertId));
    expect(stored.map((event) => (event.data as { bookingId?: string }).bookingId ?? null)).to.deep.equal([
      null,
      ...results.map((_, i) => `b${i}`),
    ]);
    expect(stored.slice(1).map((event) => (event.metadata as { $correlationId: string }).$correlationId)).to.deep.equal(
      results.map((_, i) => `b${i}`),
    );
  });

  it('when one command of a batch is refused, then it alone gets its rejection and the others are appended', async () => {
    const concertId = `batch-refused-${randomUUID().slice(0, 8)}`;
    await scheduleConcert(concertId);
    const reserve = (bookingId: string, number: number) =>
      handler.handle(
        concertStream(concertId),
        concertDecider,
        { type: 'ReserveSeats', data: { bookingId, seats: [{ row: 7, number }], now: now(), holdSeconds: 60 } },
        context(bookingId),
      );
    const outcomes = await Promise.allSettled([
      reserve('first', 1),
      reserve('second', 2),
      reserve('late', 1),
      reserve('third', 3),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).to.deep.equal([
      'fulfilled',
      'fulfilled',
      'rejected',
      'fulfilled',
    ]);
    expect(((outcomes[2] as PromiseRejectedResult).reason as ConcertRejection).code).to.equal('SeatsAlreadyBooked');
    const stored = await eventsOf(client, concertStream(concertId));
    expect(
      stored
        .filter((event) => event.type === 'SeatsReserved')
        .map((event) => (event.data as { bookingId: string }).bookingId),
    ).to.deep.equal(['first', 'second', 'third']);
  });

  it('when two instances each append batches to one hot concert at once, then every reservation lands once, decided again after a conflict', async () => {
    const concertId = `batch-race-${randomUUID().slice(0, 8)}`;
    await scheduleConcert(concertId);
    const instances = [serviceHandler(client), serviceHandler(client)];
    const outcomes = await Promise.allSettled(
      Array.from({ length: 40 }, (_, i) =>
        instances[i % 2]!.handle(
          concertStream(concertId),
          concertDecider,
          // Seats 1..20 each asked for by one booking of each instance: exactly one of every pair may win.
          {
            type: 'ReserveSeats',
            data: { bookingId: `b${i}`, seats: [{ row: 8, number: (i % 20) + 1 }], now: now(), holdSeconds: 60 },
          },
          context(`b${i}`),
        ),
      ),
    );
    const stored = await eventsOf(client, concertStream(concertId));
    const reserved = stored
      .filter((event) => event.type === 'SeatsReserved')
      .map((event) => (event.data as { bookingId: string }).bookingId);
    const accepted = outcomes.flatMap((outcome, i) => (outcome.status === 'fulfilled' ? [`b${i}`] : []));
    expect([...reserved].sort()).to.deep.equal([...accepted].sort());
    expect(reserved).to.have.length(20);
    const refusals = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [(outcome.reason as ConcertRejection).code] : [],
    );
    expect(refusals).to.deep.equal(Array(20).fill('SeatsAlreadyBooked'));
    expect(stored.map((event) => Number(event.revision))).to.deep.equal([...Array(stored.length).keys()]);
  });

  it('when separate instances reserve different seats of one hot concert at once, then every reservation lands (retried on conflict)', async () => {
    const concertId = `hot-${randomUUID().slice(0, 8)}`;
    await scheduleConcert(concertId);
    // Separate handlers, as separate service instances would be: neither cache nor queue hides the races.
    const writers = Array.from({ length: 20 }, (_, i) =>
      serviceHandler(client).handle(
        concertStream(concertId),
        concertDecider,
        {
          type: 'ReserveSeats',
          data: { bookingId: `b${i}`, seats: [{ row: 2, number: i + 1 }], now: now(), holdSeconds: 60 },
        },
        context(`b${i}`),
      ),
    );
    await Promise.all(writers);
    const stored = await eventsOf(client, concertStream(concertId));
    expect(stored.filter((event) => event.type === 'SeatsReserved')).to.have.length(20);
    expect(stored.map((event) => Number(event.revision))).to.deep.equal([...Array(21).keys()]);
  });

  it('when many writers race for the same seat, then exactly one holds it and the others get SeatsAlreadyBooked', async () => {
    const concertId = `race-${randomUUID().slice(0, 8)}`;
    await scheduleConcert(concertId);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        serviceHandler(client).handle(
          concertStream(concertId),
          concertDecider,
          {
            type: 'ReserveSeats',
            data: { bookingId: `b${i}`, seats: [{ row: 3, number: 3 }], now: now(), holdSeconds: 60 },
          },
          context(`b${i}`),
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).to.have.length(1);
    const codes = outcomes.flatMap((outcome) =>
      outcome.status === 'rejected' ? [(outcome.reason as ConcertRejection).code] : [],
    );
    expect(codes).to.deep.equal(Array(7).fill('SeatsAlreadyBooked'));
  });

  it('when another writer appended since the cached state, then the handler decides on the fresh state', async () => {
    const concertId = `stale-${randomUUID().slice(0, 8)}`;
    await scheduleConcert(concertId);
    await handler.load(concertStream(concertId), concertDecider);
    await serviceHandler(client).handle(
      concertStream(concertId),
      concertDecider,
      {
        type: 'ReserveSeats',
        data: { bookingId: 'other', seats: [{ row: 4, number: 4 }], now: now(), holdSeconds: 60 },
      },
      context('other'),
    );
    let caught: unknown;
    try {
      await handler.handle(
        concertStream(concertId),
        concertDecider,
        {
          type: 'ReserveSeats',
          data: { bookingId: 'mine', seats: [{ row: 4, number: 4 }], now: now(), holdSeconds: 60 },
        },
        context('mine'),
      );
    } catch (error) {
      caught = error;
    }
    expect((caught as ConcertRejection).code).to.equal('SeatsAlreadyBooked');
  });

  it('when the cached state would reject but another instance changed the stream, then the handler re-reads and accepts', async () => {
    const concertId = `release-${randomUUID().slice(0, 8)}`;
    await scheduleConcert(concertId);
    const seats = [{ row: 5, number: 5 }];
    await handler.handle(
      concertStream(concertId),
      concertDecider,
      { type: 'ReserveSeats', data: { bookingId: 'first', seats, now: now(), holdSeconds: 60 } },
      context('first'),
    );
    // Another instance releases the seat; this handler's cache still shows it held.
    await serviceHandler(client).handle(
      concertStream(concertId),
      concertDecider,
      { type: 'ReleaseSeats', data: { bookingId: 'first', now: now() } },
      context('first'),
    );
    const result = await handler.handle(
      concertStream(concertId),
      concertDecider,
      { type: 'ReserveSeats', data: { bookingId: 'second', seats, now: now(), holdSeconds: 60 } },
      context('second'),
    );
    expect(result.events.map((event) => event.type)).to.deep.equal(['SeatsReserved']);
    expect(result.revision).to.equal(3n);
  });

  it('when a handler has never seen an existing stream (a restart), then it decides on the stream as stored', async () => {
    const bookingId = randomUUID();
    const place = {
      type: 'PlaceBooking' as const,
      data: { bookingId, clientId: 'alice', concertId: 'c', seats: [{ row: 1, number: 1 }], now: now() },
    };
    await handler.handle(bookingStream(bookingId), bookingDecider, place, context(bookingId));
    const restarted = serviceHandler(client);
    const again = await restarted.handle(bookingStream(bookingId), bookingDecider, place, context(bookingId));
    expect(again.events).to.deep.equal([]);
    expect(again.revision).to.equal(0n);
    const cancelled = await serviceHandler(client).handle(
      bookingStream(bookingId),
      bookingDecider,
      { type: 'CancelBooking', data: { reason: 'r', now: now() } },
      context(bookingId),
    );
    expect(cancelled.revision).to.equal(1n);
    expect(cancelled.state.status).to.equal('Cancelled');
    expect(await eventsOf(client, bookingStream(bookingId))).to.have.length(2);
  });

  it('when a decider produces an event its own schema refuses, then nothing is appended', async () => {
    const bookingId = randomUUID();
    const broken = {
      ...bookingDecider,
      decide: () => [{ type: 'BookingExpired' as const, data: { bookingId, expiredAt: 'yesterday' } }],
    };
    let caught: unknown;
    try {
      await handler.handle(
        bookingStream(bookingId),
        broken,
        { type: 'ExpireBooking', data: { now: now() } },
        context(bookingId),
      );
    } catch (error) {
      caught = error;
    }
    expect(String(caught))
      .to.include(`Refusing to append BookingExpired to ${bookingStream(bookingId)}`)
      .and.include('expiredAt');
    expect((await handler.load(bookingStream(bookingId), bookingDecider)).revision).to.equal(null);
  });

  it('when a stored event does not fit its schema, then reading fails with an error naming the stream and revision', async () => {
    const bookingId = randomUUID();
    const stream = bookingStream(bookingId);
    await client.appendToStream(stream, [
      jsonEvent({
        type: 'BookingPlaced',
        data: {
          bookingId,
          clientId: 'alice',
          concertId: 'c',
          seats: [{ row: 1, number: 1 }],
          placedAt: now().toISOString(),
        },
      }),
      jsonEvent({ type: 'BookingConfirmed', data: { bookingId, totalPrice: 'a lot' } }),
    ]);
    let caught: unknown;
    try {
      await handler.load(stream, bookingDecider);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(InvalidStoredEventError);
    const error = caught as InvalidStoredEventError;
    expect(error.code).to.equal('InvalidStoredEvent');
    expect(error.streamName).to.equal(stream);
    expect(error.revision).to.equal(1n);
    expect(error.message).to.include(`${stream}@1`).and.include('totalPrice');
  });
});
