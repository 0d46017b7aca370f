// The six invariants of domain.md, checked from the streams read through the client (and the view in MongoDB) once the processes caught up;
// the view's documents are compared whole (but their updatedAt) with each booking's stream folded through the view's one mapping.
import { isDeepStrictEqual } from 'node:util';
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { Db } from 'mongodb';
import { bookingEventSchema } from '../../src/bookings/events.js';
import { systemClock, type Clock } from '../../src/core/clock.js';
import { concertDecider } from '../../src/concerts/decider.js';
import type { ConcertState } from '../../src/concerts/state.js';
import type { Decider, DomainEvent } from '../../src/core/decider.js';
import { seatKey } from '../../src/core/seat.js';
import { paymentDecider } from '../../src/payments/decider.js';
import type { PaymentState } from '../../src/payments/state.js';
import { bookingDocumentOf, foldBookingEvent, type FoldedBooking } from '../../src/view/booking-document.js';

interface Folded<S> {
  state: S;
  revision: number;
}

interface StoreSnapshot {
  bookings: Map<string, FoldedBooking>;
  payments: Map<string, Folded<PaymentState>>;
  concerts: Map<string, Folded<ConcertState>>;
  /** Invariant 1 is about history: a reservation that took a seat someone else held, even if later released. */
  doubleHolds: string[];
}

export interface InvariantOptions {
  readonly expirationIntervalMs: number;
  /** Slack for invariant 5: a tick's own duration and the view's lag. */
  readonly marginMs?: number;
  /** How long the processes get to catch up before a violation counts. */
  readonly timeoutMs?: number;
  /** The service's clock (test/support/movable-clock.ts): what "now" is for invariant 5. */
  readonly clock?: Clock;
}

function foldInto<C, E extends DomainEvent, S>(
  map: Map<string, Folded<S>>,
  decider: Decider<C, E, S>,
  id: string,
  event: unknown,
  revision: number,
) {
  const current = map.get(id) ?? { state: decider.initialState, revision: -1 };
  map.set(id, { state: decider.evolve(current.state, decider.eventSchema.parse(event)), revision });
}

async function readStore(client: EventStoreDBClient): Promise<StoreSnapshot> {
  const snapshot: StoreSnapshot = { bookings: new Map(), payments: new Map(), concerts: new Map(), doubleHolds: [] };
  for await (const { event } of client.readAll()) {
    if (!event || !event.isJson) continue;
    const [category, ...rest] = event.streamId.split('-');
    const id = rest.join('-');
    const domainEvent = { type: event.type, data: event.data };
    const revision = Number(event.revision);
    if (category === 'booking') {
      const metadata = (event.metadata ?? {}) as Record<string, unknown>;
      const correlationId = typeof metadata.$correlationId === 'string' ? metadata.$correlationId : event.id;
      const recorded = { event: bookingEventSchema.parse(domainEvent), revision, correlationId };
      snapshot.bookings.set(id, foldBookingEvent(snapshot.bookings.get(id) ?? null, recorded));
    }
    if (category === 'payment') foldInto(snapshot.payments, paymentDecider, id, domainEvent, revision);
    if (category === 'concert') {
      const before = snapshot.concerts.get(id)?.state;
      if (event.type === 'SeatsReserved' && before?.status === 'Scheduled') {
        const data = event.data as { bookingId: string; seats: { row: number; number: number }[] };
        for (const seat of data.seats) {
          const holder = before.heldBy.get(seatKey(seat));
          if (holder !== undefined && holder !== data.bookingId) {
            snapshot.doubleHolds.push(
              `${id} seat ${seatKey(seat)} reserved by ${data.bookingId} while held by ${holder}`,
            );
          }
        }
      }
      foldInto(snapshot.concerts, concertDecider, id, domainEvent, revision);
    }
  }
  return snapshot;
}

async function violations(client: EventStoreDBClient, db: Db, options: InvariantOptions): Promise<string[]> {
  const { bookings, payments, concerts, doubleHolds } = await readStore(client);
  const found = [...doubleHolds.map((v) => `1. ${v}`)];
  const statusOf = (bookingId: string) => bookings.get(bookingId)?.state.status ?? 'Missing';

  for (const [concertId, { state }] of concerts) {
    if (state.status !== 'Scheduled') continue;
    for (const bookingId of state.holds.keys()) {
      const status = statusOf(bookingId);
      if (status !== 'Confirmed' && status !== 'Settled')
        found.push(`2. ${concertId} holds seats for ${bookingId}, which is ${status}`);
    }
  }

  const paymentsOf = new Map<string, PaymentState[]>();
  for (const { state } of payments.values()) {
    if (state.status === 'Missing') continue;
    paymentsOf.set(state.payment.bookingId, [...(paymentsOf.get(state.payment.bookingId) ?? []), state]);
  }
  const view = new Map(
    (await db.collection('bookings').find({}).toArray()).map(({ _id, ...doc }) => [String(doc.bookingId), doc]),
  );
  const latestAllowedExpiry =
    (options.clock ?? systemClock).now().getTime() - options.expirationIntervalMs - (options.marginMs ?? 2_000);

  for (const [bookingId, folded] of bookings) {
    const { state } = folded;
    if (state.status === 'Missing') continue;
    if (state.status === 'AwaitingConfirmation') found.push(`3. ${bookingId} is still AwaitingConfirmation`);

    const kept = (paymentsOf.get(bookingId) ?? []).filter((payment) => payment.status === 'Succeeded');
    if (state.status === 'Settled') {
      const total = state.confirmation.totalPrice;
      const expected = total === 0 && state.paymentId === null ? 0 : 1;
      if (kept.length !== expected)
        found.push(`4. settled ${bookingId} keeps ${kept.length} payments, expected ${expected}`);
      for (const payment of kept) {
        if (payment.status === 'Succeeded' && payment.payment.amount !== total)
          found.push(`4. ${bookingId} keeps a payment of ${payment.payment.amount}, total ${total}`);
      }
    } else if (kept.length > 0) {
      found.push(`4. ${state.status} ${bookingId} keeps ${kept.length} unrefunded payments`);
    }

    if (
      state.status === 'Confirmed' &&
      state.confirmation.expiresAt !== null &&
      Date.parse(state.confirmation.expiresAt) < latestAllowedExpiry
    ) {
      found.push(`5. ${bookingId} is still Confirmed, expired at ${state.confirmation.expiresAt}`);
    }

    const doc = view.get(bookingId);
    if (!doc) {
      found.push(`6. ${bookingId} is missing from the view`);
      continue;
    }
    // The whole document but its timestamp: any event the view folds differently from the stream shows here.
    const expected = bookingDocumentOf(folded, String(doc.updatedAt)) as Record<string, unknown> | null;
    const differing = [...new Set([...Object.keys(doc), ...Object.keys(expected ?? {})])].filter(
      (key) => !isDeepStrictEqual(doc[key], expected?.[key]),
    );
    if (differing.length > 0) {
      const shown = differing
        .map((key) => `${key} ${JSON.stringify(doc[key])} (stream: ${JSON.stringify(expected?.[key])})`)
        .join(', ');
      found.push(`6. view of ${bookingId} differs from its stream's fold in ${shown}`);
    }
  }
  return found;
}

/** Checks until every invariant holds (the processes are eventually consistent) or the time is up; then fails listing each violation. */
export async function assertInvariants(client: EventStoreDBClient, db: Db, options: InvariantOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let found = await violations(client, db, options);
  while (found.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    found = await violations(client, db, options);
  }
  if (found.length > 0) throw new Error(`invariants violated:\n  ${found.slice(0, 20).join('\n  ')}`);
}
