// The command handler bound to each aggregate: `bookings.handle(bookingId, command, context)`, the stream named here once.
import { bookingDecider } from '../bookings/decider.js';
import { bookingStream } from '../bookings/stream.js';
import { concertDecider } from '../concerts/decider.js';
import { concertStream } from '../concerts/stream.js';
import type { Decider, DomainEvent } from '../core/decider.js';
import { paymentDecider } from '../payments/decider.js';
import { paymentStream } from '../payments/stream.js';
import type { CommandHandler, CommandResult, HandleOptions, LoadedState, LoadOptions } from './command-handler.js';
import type { CausationContext } from './event-codec.js';

/** One aggregate type: its commands go to the stream of the id given, decided by its decider. */
export interface AggregateHandler<Command, Event extends DomainEvent, State> {
  handle(
    id: string,
    command: Command,
    context: CausationContext,
    options?: HandleOptions,
  ): Promise<CommandResult<Event, State>>;
  load(id: string, options?: LoadOptions): Promise<LoadedState<State>>;
}

export function aggregateHandler<Command, Event extends DomainEvent, State>(
  handler: CommandHandler,
  decider: Decider<Command, Event, State>,
  streamOf: (id: string) => string,
): AggregateHandler<Command, Event, State> {
  return {
    handle: (id, command, context, options) => handler.handle(streamOf(id), decider, command, context, options),
    load: (id, options) => handler.load(streamOf(id), decider, options),
  };
}

/** The three aggregates of this service, each bound once; routes, processes, the expirer and the seed use these. */
export function aggregateHandlers(handler: CommandHandler) {
  return {
    bookings: aggregateHandler(handler, bookingDecider, bookingStream),
    concerts: aggregateHandler(handler, concertDecider, concertStream),
    payments: aggregateHandler(handler, paymentDecider, paymentStream),
  };
}

export type AggregateHandlers = ReturnType<typeof aggregateHandlers>;
export type BookingHandler = AggregateHandlers['bookings'];
export type ConcertHandler = AggregateHandlers['concerts'];
