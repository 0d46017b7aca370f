// The whole command pipeline: read and fold the stream, decide, append with the expected revision, retry on conflict.
import { NO_STREAM, WrongExpectedVersionError, type EventStoreDBClient } from '@eventstore/db-client';
import type { Logger } from 'winston';
import { z } from 'zod';
import type { Decider, DomainEvent } from '../core/decider.js';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import { ConcurrencyRetriesExhaustedError, UnreadableEventError } from './errors.js';
import { toEventData, type CausationContext } from './event-codec.js';
import { KeyedQueue } from './keyed-queue.js';
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
  load<Command, Event extends DomainEvent, State>(
    streamName: string,
    decider: Decider<Command, Event, State>,
    options?: LoadOptions,
  ): Promise<LoadedState<State>>;
}

export interface LoadOptions {
  /**
   * A state this process already folded will do, without reading the events after it: for questions its
   * later events cannot change (does the stream exist, who owns it). Streams are never deleted by the service.
   */
  readonly cachedIsEnough?: boolean;
}

export interface CommandHandlerOptions {
  /** Attempts in all, the first included; concert streams are hot, so conflicts are normal there. */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  readonly cacheSize?: number;
  readonly logger?: Pick<Logger, 'debug'>;
}

function assertReadable<Event extends DomainEvent>(decider: Decider<unknown, Event, unknown>, event: Event, streamName: string): void {
  const parsed = decider.eventSchema.safeParse(event);
  if (!parsed.success) throw new UnreadableEventError(streamName, event.type, z.prettifyError(parsed.error));
}

export function createCommandHandler(client: EventStoreDBClient, options: CommandHandlerOptions = {}): CommandHandler {
  const maxAttempts = options.maxAttempts ?? 20;
  const backoff = options.backoff ?? { baseMs: 5, maxMs: 250 };
  const cache = new StateCache(options.cacheSize ?? 10_000);
  // Within one process, commands on a stream wait their turn instead of racing and retrying:
  // the expected-revision retry is left for races with other processes (other instances).
  const queue = new KeyedQueue();

  async function load<Command, Event extends DomainEvent, State>(
    streamName: string,
    decider: Decider<Command, Event, State>,
    loadOptions: LoadOptions = {},
  ): Promise<LoadedState<State>> {
    const cached = cache.get<State>(streamName);
    if (cached !== undefined && loadOptions.cachedIsEnough) return cached;
    const slice = await readStreamFrom(client, streamName, decider.eventSchema, cached?.revision ?? null);
    const state = slice.events.reduce(decider.evolve, cached?.state ?? decider.initialState);
    if (slice.lastRevision !== null) cache.set(streamName, { state, revision: slice.lastRevision });
    return { state, revision: slice.lastRevision };
  }

  async function decideAndAppend<Command, Event extends DomainEvent, State>(
    streamName: string,
    decider: Decider<Command, Event, State>,
    command: Command,
    context: CausationContext,
  ): Promise<CommandResult<Event, State>> {
    // Optimistic first attempt, without reading: a cached state is usually current (this process
    // wrote it, and the queue keeps its own commands in line), and an uncached stream is usually
    // new (a booking being placed). The expected revision catches every wrong guess; only a state
    // just read may justify a no-op or a rejection.
    let current: LoadedState<State> = cache.get<State>(streamName) ?? { state: decider.initialState, revision: null };
    let fresh = false;
    for (let attempt = 0; attempt < maxAttempts; ) {
      let events: Event[];
      try {
        events = decider.decide(command, current.state);
      } catch (rejection) {
        if (fresh) throw rejection; // A rule said no on current facts: retrying cannot change that.
        current = await load(streamName, decider);
        fresh = true;
        continue;
      }
      if (events.length === 0) {
        if (fresh) return { events, ...current };
        current = await load(streamName, decider);
        fresh = true;
        continue;
      }
      // Never write what could not be read back: a decider bug fails here, not on every later read.
      for (const event of events) assertReadable(decider, event, streamName);
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
        // A wrong guess costs one read; a lost race with another writer also a pause, so racing
        // writers spread out instead of colliding again.
        if (fresh) {
          attempt++;
          options.logger?.debug('append conflict, deciding again on fresh state', { streamName, attempt });
          await sleep(backoffDelay(attempt, backoff));
        }
        current = await load(streamName, decider);
        fresh = true;
      }
    }
    throw new ConcurrencyRetriesExhaustedError(streamName, maxAttempts);
  }

  return {
    load,
    handle: (streamName, decider, command, context) => queue.run(streamName, () => decideAndAppend(streamName, decider, command, context)),
  };
}
