// The whole command pipeline: read and fold the stream, decide, append with the expected revision, retry on conflict.
import { NO_STREAM, WrongExpectedVersionError, type EventStoreDBClient } from '@eventstore/db-client';
import type { Logger } from 'winston';
import type { Decider, DomainEvent } from '../core/decider.js';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import { ConcurrencyRetriesExhaustedError } from './errors.js';
import { toEventData, type CausationContext } from './event-codec.js';
import { readStreamFrom } from './read-stream.js';
import { StateCache } from './state-cache.js';

export interface LoadedState<State> {
  readonly state: State;
  /** Revision of the stream's last event; null when the stream does not exist. */
  readonly revision: bigint | null;
}

export interface CommandResult<Event, State> extends LoadedState<State> {
  /** The events appended; empty for a no-op. */
  readonly events: Event[];
}

export interface CommandHandler {
  handle<Command, Event extends DomainEvent, State>(
    streamName: string,
    decider: Decider<Command, Event, State>,
    command: Command,
    context: CausationContext,
  ): Promise<CommandResult<Event, State>>;
  load<Command, Event extends DomainEvent, State>(streamName: string, decider: Decider<Command, Event, State>): Promise<LoadedState<State>>;
}

export interface CommandHandlerOptions {
  /** Attempts in all, the first included; concert streams are hot, so conflicts are normal there. */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  readonly cacheSize?: number;
  readonly logger?: Pick<Logger, 'debug'>;
}

export function createCommandHandler(client: EventStoreDBClient, options: CommandHandlerOptions = {}): CommandHandler {
  const maxAttempts = options.maxAttempts ?? 10;
  const backoff = options.backoff ?? { baseMs: 5, maxMs: 200 };
  const cache = new StateCache(options.cacheSize ?? 10_000);

  async function load<Command, Event extends DomainEvent, State>(
    streamName: string,
    decider: Decider<Command, Event, State>,
  ): Promise<LoadedState<State>> {
    const cached = cache.get<State>(streamName);
    const slice = await readStreamFrom(client, streamName, decider.eventSchema, cached?.revision ?? null);
    const state = slice.events.reduce(decider.evolve, cached?.state ?? decider.initialState);
    if (slice.lastRevision !== null) cache.set(streamName, { state, revision: slice.lastRevision });
    return { state, revision: slice.lastRevision };
  }

  async function handle<Command, Event extends DomainEvent, State>(
    streamName: string,
    decider: Decider<Command, Event, State>,
    command: Command,
    context: CausationContext,
  ): Promise<CommandResult<Event, State>> {
    for (let attempt = 0; attempt < maxAttempts; attempt++) {
      const current = await load(streamName, decider);
      // Rejections are thrown from here and reach the caller untouched: retrying cannot change a rule.
      const events = decider.decide(command, current.state);
      if (events.length === 0) return { events, ...current };
      try {
        const result = await client.appendToStream(
          streamName,
          events.map((event) => toEventData(event, context)),
          { expectedRevision: current.revision ?? NO_STREAM },
        );
        const state = events.reduce(decider.evolve, current.state);
        cache.set(streamName, { state, revision: result.nextExpectedRevision });
        return { events, state, revision: result.nextExpectedRevision };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        options.logger?.debug('append conflict, deciding again on fresh state', { streamName, attempt: attempt + 1 });
        await sleep(backoffDelay(attempt, backoff));
      }
    }
    throw new ConcurrencyRetriesExhaustedError(streamName, maxAttempts);
  }

  return { handle, load };
}
