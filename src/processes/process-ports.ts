// The process steps' commands carried out through the aggregates' handlers: the only place processes touch the command side.
import type { BookingState } from '../bookings/state.js';
import type { ConcertCommand } from '../concerts/commands.js';
import type { Clock } from '../core/clock.js';
import { DomainRejection } from '../core/rejection.js';
import type { AggregateHandlers } from '../eventstore/aggregate-handlers.js';
import type { CausationContext } from '../eventstore/event-codec.js';
import {
  accepted,
  rejected,
  type AddressedCommand,
  type CommandOutcome,
  type ReservationOutcome,
  type ToConcert,
} from './process-outcomes.js';

export interface ProcessPorts {
  /** What the steps' commands say `now` is. */
  readonly clock: Clock;
  /** How long a reservation holds its seats for payment. */
  readonly holdSeconds: number;
  /**
   * The booking as this instance last saw it, read from the store only when it has not seen it. A booking only
   * moves forward (awaiting → confirmed or denied → …), so a status that says "moved on" is never wrong, and one
   * that says "awaiting" but is stale (another instance cancelled it) costs at most a reservation that the
   * refused confirmation then releases. Its concert never changes.
   */
  bookingState(bookingId: string): Promise<BookingState>;
  reserve(
    reserve: ToConcert<Extract<ConcertCommand, { type: 'ReserveSeats' }>>,
    context: CausationContext,
  ): Promise<ReservationOutcome>;
  send(command: AddressedCommand, context: CausationContext): Promise<CommandOutcome>;
}

/** A rule's refusal becomes data the steps decide on; any other error (I/O, conflicts) stays an error to retry. */
async function outcomeOf<T>(run: () => Promise<T>): Promise<{ value: T } | ReturnType<typeof rejected>> {
  try {
    return { value: await run() };
  } catch (error) {
    if (error instanceof DomainRejection) return rejected(error.code, error.message);
    throw error;
  }
}

function dispatch(
  aggregates: AggregateHandlers,
  addressed: AddressedCommand,
  context: CausationContext,
): Promise<unknown> {
  switch (addressed.to) {
    case 'bookings':
      return aggregates.bookings.handle(addressed.id, addressed.command, context);
    case 'concerts':
      return aggregates.concerts.handle(addressed.id, addressed.command, context);
    case 'payments':
      return aggregates.payments.handle(addressed.id, addressed.command, context);
  }
}

export function processPorts(aggregates: AggregateHandlers, clock: Clock, holdSeconds: number): ProcessPorts {
  return {
    clock,
    holdSeconds,

    async bookingState(bookingId) {
      return (await aggregates.bookings.load(bookingId, { cachedIsEnough: true })).state;
    },

    async reserve({ id: concertId, command }, context) {
      // The handler queues commands per stream, so this instance's reservations of a hot concert never collide.
      const result = await outcomeOf(() => aggregates.concerts.handle(concertId, command, context));
      if (!('value' in result)) return result;
      const { state } = result.value;
      const bookingId = command.data.bookingId;
      const hold = state.status === 'Scheduled' ? state.holds.get(bookingId) : undefined;
      if (hold === undefined)
        throw new Error(`concert ${concertId} accepted the reservation of ${bookingId} but holds nothing for it`);
      return { accepted: true, tickets: hold.tickets, expiresAt: hold.expiresAt };
    },

    async send(command, context) {
      const result = await outcomeOf(() => dispatch(aggregates, command, context));
      return 'value' in result ? accepted : result;
    },
  };
}
