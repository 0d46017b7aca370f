// The batching layer changes how often the store is read and written, never what a command comes to: the same commands,
// sent to the core alone and to the core inside the layer, give the same events, rejections and revisions.
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import { expect } from 'chai';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import type { BookingCommand } from '../../src/bookings/commands.js';
import { bookingDecider } from '../../src/bookings/decider.js';
import type { ConcertCommand } from '../../src/concerts/commands.js';
import { concertDecider } from '../../src/concerts/decider.js';
import type { Decider, DomainEvent } from '../../src/core/decider.js';
import { DomainRejection } from '../../src/core/rejection.js';
import { withBatchingAndCache } from '../../src/eventstore/batching-command-handler.js';
import { createCommandHandler, type CommandHandler } from '../../src/eventstore/command-handler.js';
import { seededRandom } from '../support/seeded-random.js';

const now = new Date('2026-01-01T00:00:00.000Z');
const context = { correlationId: 'equivalence', causationId: 'test' };
const seat = (row: number, number: number) => ({ row, number });

/** What a command came to, as a caller sees it: its events and the revision after them, or its rejection's code. */
type Outcome = { events: DomainEvent[]; revision: string | null } | { rejection: string };
async function outcomeOf(running: Promise<{ events: DomainEvent[]; revision: bigint | null }>): Promise<Outcome> {
  try {
    const { events, revision } = await running;
    return { events, revision: revision === null ? null : String(revision) };
  } catch (error) {
    if (error instanceof DomainRejection) return { rejection: error.code };
    throw error;
  }
}

describe('the batching layer against the core', function () {
  this.timeout(60_000);
  let server: EmbeddedEventStoreDB;
  let client: EventStoreDBClient;
  /** Each side as a service instance would have it; `other` is another instance writing to the same streams. */
  let core: CommandHandler;
  let layered: CommandHandler;
  let other: CommandHandler;

  before(async () => {
    server = await startEventStoreDB({ port: 0 });
    client = EventStoreDBClient.connectionString(server.connectionString);
    core = createCommandHandler(client);
    layered = withBatchingAndCache(createCommandHandler(client), client);
    other = createCommandHandler(client);
  });
  after(async () => {
    await client.dispose();
    await server.stop();
  });

  /** The same concert scheduled on two streams, one for each side. */
  async function concertPair(): Promise<[string, string]> {
    const id = randomUUID().slice(0, 8);
    const pair: [string, string] = [`concert-core-${id}`, `concert-layer-${id}`];
    const schedule: ConcertCommand = {
      type: 'ScheduleConcert',
      data: { concertId: id, name: 'Equal', seatsPerRow: 10, pricing: [{ fromRow: 1, toRow: 10, price: 100 }] },
    };
    for (const stream of pair) await core.handle(stream, concertDecider, schedule, context);
    return pair;
  }

  it('when random booking commands are sent one by one, while another instance writes to the same streams now and then, then every outcome is the same', async () => {
    const random = seededRandom(13);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    const bookingIds = ['a', 'b', 'c'].map((name) => `${name}-${randomUUID().slice(0, 8)}`);
    const commandsFor = (bookingId: string): BookingCommand[] => [
      { type: 'PlaceBooking', data: { bookingId, clientId: 'eve', concertId: 'c', seats: [seat(1, 1)], now } },
      { type: 'PlaceBooking', data: { bookingId, clientId: 'eve', concertId: 'c', seats: [seat(1, 2)], now } },
      {
        type: 'ConfirmBooking',
        data: { tickets: [{ seat: seat(1, 1), price: 100 }], expiresAt: new Date(now.getTime() + 60_000), now },
      },
      { type: 'DenyBooking', data: { reason: 'no seats', now } },
      { type: 'CancelBooking', data: { reason: 'changed my mind', now } },
      { type: 'ReceivePayment', data: { paymentId: 'p1', amount: 100, now } },
      { type: 'ReceivePayment', data: { paymentId: 'p2', amount: 99, now } },
      { type: 'ExpireBooking', data: { now: new Date(now.getTime() + 120_000) } },
    ];
    const seen = new Set<string>();
    for (let step = 0; step < 120; step++) {
      const bookingId = pick(bookingIds);
      const command = pick(commandsFor(bookingId));
      // Another instance, unknown to the layer's cache, sends a command to both streams: the layer's guess goes stale.
      if (random() < 0.2) {
        const interloping = pick(commandsFor(bookingId));
        const interloped = await Promise.all(
          [`booking-core-${bookingId}`, `booking-layer-${bookingId}`].map((stream) =>
            outcomeOf(other.handle(stream, bookingDecider, interloping, context)),
          ),
        );
        expect(interloped[1]).to.deep.equal(interloped[0]);
      }
      const fromCore = await outcomeOf(core.handle(`booking-core-${bookingId}`, bookingDecider, command, context));
      const fromLayer = await outcomeOf(layered.handle(`booking-layer-${bookingId}`, bookingDecider, command, context));
      expect(fromLayer, `step ${step}: ${command.type} on ${bookingId}`).to.deep.equal(fromCore);
      seen.add('rejection' in fromCore ? 'rejection' : fromCore.events.length > 0 ? 'events' : 'no-op');
    }
    // The sequence exercised all three kinds of outcome, not only one.
    expect([...seen].sort()).to.deep.equal(['events', 'no-op', 'rejection']);
    for (const bookingId of bookingIds) {
      const [fromCore, fromLayer] = await Promise.all([
        core.load(`booking-core-${bookingId}`, bookingDecider),
        core.load(`booking-layer-${bookingId}`, bookingDecider),
      ]);
      expect(fromLayer).to.deep.equal(fromCore);
    }
  });

  it('when commands for many streams arrive at once, then each one comes to the same as with the core', async () => {
    const bookingIds = Array.from({ length: 20 }, (_, i) => `many-${i}-${randomUUID().slice(0, 8)}`);
    const place = (bookingId: string, i: number): BookingCommand => ({
      type: 'PlaceBooking',
      data: { bookingId, clientId: 'eve', concertId: 'c', seats: [seat(1, 1 + (i % 3))], now },
    });
    const run = (handler: CommandHandler, side: string) =>
      Promise.all(
        bookingIds.map((bookingId, i) =>
          outcomeOf(handler.handle(`booking-${side}-${bookingId}`, bookingDecider, place(bookingId, i), context)),
        ),
      );
    const [fromCore, fromLayer] = await Promise.all([run(core, 'core'), run(layered, 'layer')]);
    expect(fromLayer).to.deep.equal(fromCore);
    // Once more, now that every stream exists: all no-ops at revision 0, or BookingAlreadyExists for other data.
    const again = await Promise.all([run(core, 'core'), run(layered, 'layer')]);
    expect(again[1]).to.deep.equal(again[0]);
  });

  it('when reservations race for one concert, some for the same seats and some for seats that do not exist, then each side accepts, refuses and numbers them alike', async () => {
    const [coreStream, layerStream] = await concertPair();
    // 30 commands: seats 1–10 of row 2 asked for twice each (one of every pair wins), 10 for a seat off the map.
    const commands: ConcertCommand[] = Array.from({ length: 30 }, (_, i) => ({
      type: 'ReserveSeats',
      data: { bookingId: `b${i}`, seats: [i < 20 ? seat(2, (i % 10) + 1) : seat(99, 1)], now, holdSeconds: 60 },
    }));
    const run = (handler: CommandHandler, stream: string) =>
      Promise.all(commands.map((command) => outcomeOf(handler.handle(stream, concertDecider, command, context))));
    const [fromCore, fromLayer] = await Promise.all([run(core, coreStream), run(layered, layerStream)]);
    // Who wins a contested seat depends on arrival (the layer keeps it, the core's racers retry in any order): compare what cannot depend on it.
    for (const outcomes of [fromCore, fromLayer]) {
      const refused = outcomes
        .filter((outcome) => 'rejection' in outcome)
        .map((outcome) => (outcome as { rejection: string }).rejection);
      expect(refused.sort()).to.deep.equal([
        ...Array(10).fill('SeatsAlreadyBooked'),
        ...Array(10).fill('UnknownSeats'),
      ]);
      const revisions = outcomes.flatMap((outcome) => ('revision' in outcome ? [Number(outcome.revision)] : []));
      expect(revisions.sort((a, b) => a - b)).to.deep.equal(Array.from({ length: 10 }, (_, i) => i + 1));
      // Off-map seats are refused on either side whatever the order; each seat pair has exactly one winner.
      expect(
        outcomes.slice(20).every((outcome) => 'rejection' in outcome && outcome.rejection === 'UnknownSeats'),
      ).to.equal(true);
      for (let n = 0; n < 10; n++)
        expect([outcomes[n], outcomes[n + 10]].filter((outcome) => 'events' in outcome)).to.have.length(1);
    }
    const [coreState, layerState] = await Promise.all([
      core.load(coreStream, concertDecider),
      core.load(layerStream, concertDecider),
    ]);
    expect(layerState.revision).to.equal(coreState.revision);
    const heldSeats = (state: typeof coreState.state) =>
      state.status === 'Scheduled' ? [...state.heldBy.keys()].sort() : [];
    expect(heldSeats(layerState.state)).to.deep.equal(heldSeats(coreState.state));
  });

  it('when reservations for distinct seats arrive at once, then each command gets the same events on both sides, and the revisions are the same set', async () => {
    const [coreStream, layerStream] = await concertPair();
    const commands: ConcertCommand[] = Array.from({ length: 25 }, (_, i) => ({
      type: 'ReserveSeats',
      data: { bookingId: `d${i}`, seats: [seat(3 + Math.floor(i / 10), (i % 10) + 1)], now, holdSeconds: 60 },
    }));
    const run = (handler: CommandHandler, stream: string) =>
      Promise.all(commands.map((command) => outcomeOf(handler.handle(stream, concertDecider, command, context))));
    const [fromCore, fromLayer] = await Promise.all([run(core, coreStream), run(layered, layerStream)]);
    const eventsOf = (outcomes: Outcome[]) =>
      outcomes.map((outcome) => ('events' in outcome ? outcome.events : outcome));
    const revisionsOf = (outcomes: Outcome[]) =>
      outcomes.map((outcome) => ('revision' in outcome ? Number(outcome.revision) : -1)).sort((a, b) => a - b);
    expect(eventsOf(fromLayer)).to.deep.equal(eventsOf(fromCore));
    expect(revisionsOf(fromLayer)).to.deep.equal(revisionsOf(fromCore));
    expect(revisionsOf(fromCore)).to.deep.equal(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('when a decider produces an event its schema refuses, then both sides refuse to append it alike', async () => {
    const bookingId = randomUUID();
    const broken: Decider<BookingCommand, DomainEvent, unknown> = {
      ...bookingDecider,
      decide: () => [{ type: 'BookingExpired', data: { bookingId, expiredAt: 'yesterday' } }],
    } as never;
    const failure = (handler: CommandHandler, side: string) =>
      handler.handle(`booking-${side}-${bookingId}`, broken, { type: 'ExpireBooking', data: { now } }, context).then(
        () => 'appended',
        (error: { code?: string }) => error.code,
      );
    expect(await failure(layered, 'layer'))
      .to.equal(await failure(core, 'core'))
      .and.equal('UnreadableEvent');
  });
});
