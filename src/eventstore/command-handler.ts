// Command handling in one sitting: read the stream and fold it, decide, append with the expected revision, retry on conflict.
import { NO_STREAM, WrongExpectedVersionError, type EventStoreDBClient } from '@eventstore/db-client';
import type { Decider, DomainEvent } from '../core/decider.js';
import { fullJitterDelay, sleep, type BackoffPolicy } from '../core/exponential-backoff.js';
import { ConcurrencyRetriesExhaustedError, PreconditionFailedError } from './errors.js';
import { assertReadable, toEventData, type CausationContext } from './event-codec.js';
import { readStreamFrom } from './read-stream.js';

export interface LoadedState<State> {
  readonly state: State;
  /** Revision of the stream's last event; null when the stream does not exist. */
  readonly revision: bigint | null;
}

export interface CommandResult<Event, State> extends LoadedState<State> {
  /** The events appended; empty for a no-op. */
  readonly events: Event[];
}

export interface LoadOptions {
  /** A state this process folded before will do (does the stream exist, who owns it): a permission, never a must. */
  readonly cachedIsEnough?: boolean;
  /** A state folded before: read only the events after its revision and fold them onto it (the batching layer's cache). */
  readonly after?: LoadedState<unknown>;
}

export interface HandleOptions {
  /** Decide only if the stream is at this revision (a client's If-Match), else PreconditionFailedError. */
  readonly expectedRevision?: bigint;
}

export interface CommandHandler {
  handle<C, E extends DomainEvent, S>(
    stream: string,
    decider: Decider<C, E, S>,
    command: C,
    context: CausationContext,
    options?: HandleOptions,
  ): Promise<CommandResult<E, S>>;
  load<C, E extends DomainEvent, S>(
    stream: string,
    decider: Decider<C, E, S>,
    options?: LoadOptions,
  ): Promise<LoadedState<S>>;
}

/** Concert streams are hot: several instances append to one, so losing a race is normal there. */
export const CONFLICT_RETRIES: { readonly maxAttempts: number; readonly backoff: BackoffPolicy } = {
  maxAttempts: 20,
  backoff: { initialMs: 5, maxMs: 250 },
};

export function createCommandHandler(client: EventStoreDBClient, retries = CONFLICT_RETRIES): CommandHandler {
  async function load<C, E extends DomainEvent, S>(
    stream: string,
    decider: Decider<C, E, S>,
    options: LoadOptions = {},
  ): Promise<LoadedState<S>> {
    const after = options.after as LoadedState<S> | undefined;
    const { events, lastRevision } = await readStreamFrom(client, stream, decider.eventSchema, after?.revision ?? null);
    return { state: events.reduce(decider.evolve, after?.state ?? decider.initialState), revision: lastRevision };
  }

  async function handle<C, E extends DomainEvent, S>(
    stream: string,
    decider: Decider<C, E, S>,
    command: C,
    context: CausationContext,
    options: HandleOptions = {},
  ) {
    for (let attempt = 1; ; attempt++) {
      const { state, revision } = await load(stream, decider);
      // The client decided on what it saw at that revision: anything since, and its command no longer stands.
      if (options.expectedRevision !== undefined && options.expectedRevision !== revision)
        throw new PreconditionFailedError(stream, options.expectedRevision, revision);
      // A rejection is thrown from here and reaches the caller as it is: nothing to append, nothing to retry.
      const events = decider.decide(command, state);
      if (events.length === 0) return { events, state, revision };
      for (const event of events) assertReadable(decider, event, stream);
      try {
        // The expected revision is the whole concurrency control: if anyone appended since our read, this fails.
        const appended = await client.appendToStream(
          stream,
          events.map((event) => toEventData(event, context)),
          { expectedRevision: revision ?? NO_STREAM },
        );
        return { events, state: events.reduce(decider.evolve, state), revision: appended.nextExpectedRevision };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (attempt >= retries.maxAttempts) throw new ConcurrencyRetriesExhaustedError(stream, attempt);
        // Someone else won the race: wait a little (not in lockstep with the other losers), then read and decide again.
        await sleep(fullJitterDelay(attempt, retries.backoff));
      }
    }
  }

  return { handle, load };
}
