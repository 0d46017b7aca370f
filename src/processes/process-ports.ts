// The process commands carried out through the aggregates' command handler: the only place processes touch the domain's commands.
import { bookingDecider } from '../bookings/decider.js';
import type { BookingState } from '../bookings/state.js';
import { bookingStream } from '../bookings/stream.js';
import type { Clock } from '../core/clock.js';
import { DomainRejection } from '../core/rejection.js';
import type { CommandHandler } from '../eventstore/command-handler.js';
import { concertDecider } from '../concerts/decider.js';
import { concertStream } from '../concerts/stream.js';
import { paymentDecider } from '../payments/decider.js';
import { paymentStream } from '../payments/stream.js';
import {
  accepted,
  rejected,
  type CommandContext,
  type CommandOutcome,
  type ProcessCommand,
  type ReservationOutcome,
} from './process-commands.js';

export interface ProcessPorts {
  /**
   * The booking as this instance last saw it, read from the store only when it has not seen it. A booking only
   * moves forward (awaiting → confirmed or denied → …), so a status that says "moved on" is never wrong, and one
   * that says "awaiting" but is stale (another instance cancelled it) costs at most a reservation that the
   * refused confirmation then releases. Its concert never changes.
   */
  bookingState(bookingId: string): Promise<BookingState>;
  reserve(command: Extract<ProcessCommand, { type: 'ReserveSeats' }>, context: CommandContext): Promise<ReservationOutcome>;
  send(command: Exclude<ProcessCommand, { type: 'ReserveSeats' }>, context: CommandContext): Promise<CommandOutcome>;
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

export function processPorts(handler: CommandHandler, clock: Clock, holdSeconds: number): ProcessPorts {
  return {
    async bookingState(bookingId) {
      return (await handler.load(bookingStream(bookingId), bookingDecider, { cachedIsEnough: true })).state;
    },

    async reserve({ concertId, bookingId, seats }, context) {
      // The handler queues commands per stream, so this instance's reservations of a hot concert never collide.
      const result = await outcomeOf(() =>
        handler.handle(
          concertStream(concertId),
          concertDecider,
          { type: 'ReserveSeats', data: { bookingId, seats: [...seats], now: clock.now(), holdSeconds } },
          context,
        ),
      );
      if (!('value' in result)) return result;
      const { state } = result.value;
      const hold = state.status === 'Scheduled' ? state.holds.get(bookingId) : undefined;
      if (hold === undefined) throw new Error(`concert ${concertId} accepted the reservation of ${bookingId} but holds nothing for it`);
      return { accepted: true, tickets: hold.tickets, expiresAt: hold.expiresAt };
    },

    async send(command, context) {
      const now = clock.now();
      const result = await outcomeOf(async () => {
        switch (command.type) {
          case 'ReleaseSeats':
            return handler.handle(concertStream(command.concertId), concertDecider, { type: 'ReleaseSeats', data: { bookingId: command.bookingId, now } }, context);
          case 'ConfirmBooking': {
            const expiresAt = command.expiresAt === null ? null : new Date(command.expiresAt);
            const data = { tickets: [...command.tickets], expiresAt, now };
            return handler.handle(bookingStream(command.bookingId), bookingDecider, { type: 'ConfirmBooking', data }, context);
          }
          case 'DenyBooking':
            return handler.handle(bookingStream(command.bookingId), bookingDecider, { type: 'DenyBooking', data: { reason: command.reason, now } }, context);
          case 'ReceivePayment': {
            const data = { paymentId: command.paymentId, amount: command.amount, now };
            return handler.handle(bookingStream(command.bookingId), bookingDecider, { type: 'ReceivePayment', data }, context);
          }
          case 'RefundPayment':
            return handler.handle(paymentStream(command.paymentId), paymentDecider, { type: 'RefundPayment', data: { reason: command.reason, now } }, context);
        }
      });
      return 'value' in result ? accepted : result;
    },
  };
}
