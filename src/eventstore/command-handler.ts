// The whole command pipeline: read and fold the stream, decide, append with the expected revision, retry on conflict;
// the commands that queued up for one stream meanwhile are decided in turn and appended together.
import { NO_STREAM, WrongExpectedVersionError, type EventData, type EventStoreDBClient } from '@eventstore/db-client';
import type { Logger } from 'winston';
import { z } from 'zod';
import type { Decider, DomainEvent } from '../core/decider.js';
import { backoffDelay, sleep, type BackoffOptions } from './backoff.js';
import { ConcurrencyRetriesExhaustedError, UnreadableEventError } from './errors.js';
import { toEventData, type CausationContext } from './event-codec.js';
import { BatchingQueue, type Batched } from './batching-queue.js';
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
  /** Commands of one stream decided together and appended at once, at most. */
  readonly maxBatch?: number;
  readonly logger?: Pick<Logger, 'debug'>;
}

/** A command waiting for its stream's turn. */
interface Submitted {
  readonly decider: Decider<unknown, DomainEvent, unknown>;
  readonly command: unknown;
  readonly context: CausationContext;
}

function assertReadable<Event extends DomainEvent>(decider: Decider<unknown, Event, unknown>, event: Event, streamName: string): void {
  const parsed = decider.eventSchema.safeParse(event);
  if (!parsed.success) throw new UnreadableEventError(streamName, event.type, z.prettifyError(parsed.error));
}

export function createCommandHandler(client: EventStoreDBClient, options: CommandHandlerOptions = {}): CommandHandler {
  const maxAttempts = options.maxAttempts ?? 20;
  const backoff = options.backoff ?? { baseMs: 5, maxMs: 250 };
  const cache = new StateCache(options.cacheSize ?? 10_000);
  // Within one process, commands on a stream wait their turn instead of racing and retrying (the expected-revision
  // retry is left for races with other processes), and those that waited meanwhile are decided together.
  const queue = new BatchingQueue<Submitted, CommandResult<DomainEvent, unknown>>((streamName, batch) => decideAndAppend(streamName, batch), options.maxBatch ?? 100);

  async function load<Command, Event extends DomainEvent, State>(
    streamName: string,
    decider: Decider<Command, Event, State>,
    loadOptions: LoadOptions = {},
  ): Promise<LoadedState<State>> {
    let cached = cache.get<State>(streamName);
    if (loadOptions.cachedIsEnough) {
      if (cached === undefined) {
        // This instance may be appending to the stream (a subscriber can hear of an event before its writer hears the
        // append succeeded): the state its running batch is about to cache will do, without a read.
        await queue.afterCurrentBatch(streamName);
        cached = cache.get<State>(streamName);
      }
      if (cached !== undefined) return cached;
    }
    const slice = await readStreamFrom(client, streamName, decider.eventSchema, cached?.revision ?? null);
    const state = slice.events.reduce(decider.evolve, cached?.state ?? decider.initialState);
    if (slice.lastRevision !== null) cache.set(streamName, { state, revision: slice.lastRevision });
    return { state, revision: slice.lastRevision };
  }

  /**
   * Decides each command of the batch on the state its predecessors' events left, as if they had run one by one.
   * Returns undefined when the state may be stale and one of them was refused or a no-op: only a state just
   * read may justify those.
   */
  function decideAll(batch: readonly Batched<Submitted, CommandResult<DomainEvent, unknown>>[], current: LoadedState<unknown>, fresh: boolean, streamName: string) {
    const decider = batch[0]!.item.decider;
    const outcomes: Array<{ events: DomainEvent[]; state: unknown; appendedThrough: number } | { rejection: unknown }> = [];
    const toAppend: EventData[] = [];
    let state = current.state;
    for (const { item } of batch) {
      let events: DomainEvent[];
      try {
        events = decider.decide(item.command, state);
        // Never write what could not be read back: a decider bug fails here, not on every later read.
        for (const event of events) assertReadable(decider, event, streamName);
      } catch (rejection) {
        if (!fresh) return undefined;
        outcomes.push({ rejection });
        continue;
      }
      if (events.length === 0 && !fresh) return undefined;
      state = events.reduce(decider.evolve, state);
      toAppend.push(...events.map((event) => toEventData(event, item.context)));
      outcomes.push({ events, state, appendedThrough: toAppend.length });
    }
    return { outcomes, toAppend, state };
  }

  async function decideAndAppend(streamName: string, batch: Batched<Submitted, CommandResult<DomainEvent, unknown>>[]): Promise<void> {
    const decider = batch[0]!.item.decider;
    // Optimistic first attempt, without reading: a cached state is usually current (this process
    // wrote it, and the queue keeps its own commands in line), and an uncached stream is usually
    // new (a booking being placed). The expected revision catches every wrong guess.
    let current: LoadedState<unknown> = cache.get(streamName) ?? { state: decider.initialState, revision: null };
    let fresh = false;
    for (let attempt = 0; attempt < maxAttempts; ) {
      const decided = decideAll(batch, current, fresh, streamName);
      if (decided === undefined) {
        current = await load(streamName, decider);
        fresh = true;
        continue;
      }
      if (decided.toAppend.length > 0) {
        try {
          const result = await client.appendToStream(streamName, decided.toAppend, { expectedRevision: current.revision ?? NO_STREAM });
          cache.set(streamName, { state: decided.state, revision: result.nextExpectedRevision });
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          // A wrong guess costs one read; a lost race with another writer also a pause, so racing
          // writers spread out instead of colliding again.
          if (fresh) {
            attempt++;
            options.logger?.debug('append conflict, deciding again on fresh state', { streamName, attempt, commands: batch.length });
            await sleep(backoffDelay(attempt, backoff));
          }
          current = await load(streamName, decider);
          fresh = true;
          continue;
        }
      }
      // Each command hears of its own events, with the state and revision right after them.
      const before = current.revision ?? -1n;
      decided.outcomes.forEach((outcome, index) => {
        const { resolve, reject } = batch[index]!;
        if ('rejection' in outcome) return reject(outcome.rejection);
        const { events, state, appendedThrough } = outcome;
        const at = appendedThrough === 0 ? current.revision : before + BigInt(appendedThrough);
        resolve({ events, state, revision: at });
      });
      return;
    }
    throw new ConcurrencyRetriesExhaustedError(streamName, maxAttempts);
  }

  return {
    load,
    handle: (streamName, decider, command, context) =>
      queue.submit(streamName, { decider: decider as Decider<unknown, DomainEvent, unknown>, command, context }) as Promise<CommandResult<never, never>>,
  };
}
