// The process ports against the embedded EventStoreDB: the booking's status from this instance's cache when it has one,
// and what a stale one costs (a reservation that the refused confirmation releases again).
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { expect } from 'chai';
import winston from 'winston';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { bookingDecider } from '../../src/bookings/decider.js';
import { bookingStream } from '../../src/bookings/stream.js';
import { concertDecider } from '../../src/concerts/decider.js';
import { concertStream } from '../../src/concerts/stream.js';
import { aggregateHandlers } from '../../src/eventstore/aggregate-handlers.js';
import { withBatchingAndCache } from '../../src/eventstore/batching-command-handler.js';
import { createCommandHandler, type CommandHandler } from '../../src/eventstore/command-handler.js';
import { bookingConfirmation } from '../../src/processes/booking-confirmation.js';
import { processPorts } from '../../src/processes/process-ports.js';

const logger = winston.createLogger({ silent: true });
const seat = { row: 1, number: 1 };

describe('process ports', function () {
  this.timeout(20_000);
  let server: EmbeddedEventStoreDB;
  let client: EventStoreDBClient;
  let reads: string[];
  let handler: CommandHandler;
  /** Another service instance: its own cache, on the same store. */
  let otherInstance: CommandHandler;

  before(async () => {
    server = await startEventStoreDB({ port: 0 });
    client = EventStoreDBClient.connectionString(server.connectionString);
    // The real client, noting the streams it reads.
    const counting = new Proxy(client, {
      get: (target, property) => {
        if (property === 'readStream')
          return (...args: Parameters<EventStoreDBClient['readStream']>) => (
            reads.push(args[0]),
            target.readStream(...args)
          );
        const value: unknown = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    handler = withBatchingAndCache(createCommandHandler(counting), counting);
    otherInstance = withBatchingAndCache(createCommandHandler(client), client);
  });
  beforeEach(() => (reads = []));
  after(async () => {
    await client.dispose();
    await server.stop();
  });

  const context = (id: string) => ({ correlationId: id, causationId: `cause-${id}` });
  async function concert(): Promise<string> {
    const concertId = `ports-${randomUUID().slice(0, 8)}`;
    await handler.handle(
      concertStream(concertId),
      concertDecider,
      {
        type: 'ScheduleConcert',
        data: { concertId, name: 'Ports', seatsPerRow: 10, pricing: [{ fromRow: 1, toRow: 5, price: 100 }] },
      },
      context(concertId),
    );
    return concertId;
  }
  const place = (on: CommandHandler, bookingId: string, concertId: string) =>
    on.handle(
      bookingStream(bookingId),
      bookingDecider,
      { type: 'PlaceBooking', data: { bookingId, clientId: 'ports', concertId, seats: [seat], now: new Date() } },
      context(bookingId),
    );

  it('when this instance placed the booking, then its status comes from the cache, without a read', async () => {
    const bookingId = randomUUID();
    await place(handler, bookingId, await concert());
    reads = [];
    const state = await processPorts(aggregateHandlers(handler), { now: () => new Date() }, 900).bookingState(
      bookingId,
    );
    expect(state.status).to.equal('AwaitingConfirmation');
    expect(reads).to.deep.equal([]);
  });

  it('when this instance is still placing the booking (a subscriber can hear the event first), then its status waits for that append, without a read', async () => {
    const bookingId = randomUUID();
    const concertId = await concert();
    reads = [];
    const placing = place(handler, bookingId, concertId);
    const state = await processPorts(aggregateHandlers(handler), { now: () => new Date() }, 900).bookingState(
      bookingId,
    );
    await placing;
    expect(state.status).to.equal('AwaitingConfirmation');
    expect(reads).to.deep.equal([]);
  });

  it('when this instance never saw the booking, then it is read from the store', async () => {
    const bookingId = randomUUID();
    await place(otherInstance, bookingId, await concert());
    const state = await processPorts(aggregateHandlers(handler), { now: () => new Date() }, 900).bookingState(
      bookingId,
    );
    expect(state.status).to.equal('AwaitingConfirmation');
    expect(reads).to.deep.equal([bookingStream(bookingId)]);
  });

  it('when another instance cancelled the booking behind a stale cache, then the confirmation releases the seats it reserved', async () => {
    const concertId = await concert();
    const bookingId = randomUUID();
    const placed = await place(handler, bookingId, concertId);
    await otherInstance.handle(
      bookingStream(bookingId),
      bookingDecider,
      { type: 'CancelBooking', data: { reason: 'elsewhere', now: new Date() } },
      context(bookingId),
    );

    const ports = processPorts(aggregateHandlers(handler), { now: () => new Date() }, 900);
    await bookingConfirmation(ports, logger).handle({
      eventId: randomUUID(),
      type: 'BookingPlaced',
      data: placed.events[0]!.data as Record<string, unknown>,
      streamId: bookingStream(bookingId),
      revision: 0n,
      correlationId: bookingId,
      retryCount: 0,
    });

    const booking = await otherInstance.load(bookingStream(bookingId), bookingDecider);
    expect(booking.state.status).to.equal('Cancelled');
    const concertState = (await otherInstance.load(concertStream(concertId), concertDecider)).state;
    expect(concertState.status === 'Scheduled' && concertState.holds.has(bookingId)).to.equal(false);
    const types: string[] = [];
    for await (const { event } of client.readStream(concertStream(concertId))) if (event) types.push(event.type);
    expect(types).to.deep.equal(['ConcertScheduled', 'SeatsReserved', 'SeatsReleased']);
  });
});
