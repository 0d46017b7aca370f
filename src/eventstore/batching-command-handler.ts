// The command handler made fast, around the core of command-handler.ts: per-stream batches, a state cache, a first attempt without a read.
import { NO_STREAM, WrongExpectedVersionError, type EventData, type EventStoreDBClient } from '@eventstore/db-client';
import type { Logger } from 'winston';
import type { Decider, DomainEvent } from '../core/decider.js';
import { fullJitterDelay, sleep } from '../core/exponential-backoff.js';
import { BatchingQueue, type Batched } from './batching-queue.js';
import {
  CONFLICT_RETRIES,
  type CommandHandler,
  type CommandResult,
  type LoadedState,
  type LoadOptions,
} from './command-handler.js';
import { ConcurrencyRetriesExhaustedError, PreconditionFailedError } from './errors.js';
import { assertReadable, toEventData, type CausationContext } from './event-codec.js';
import { StateCache } from './state-cache.js';

/**
 * Same interface, same outcomes as the core (test/api/batching-equivalence.test.ts shows it), fewer round trips:
 * - Commands for one stream wait their turn in this process (a BatchingQueue) instead of racing and retrying; those
 *   that queued up meanwhile are decided one after the other and appended together, in one append.
 * - The state each append leaves is cached (a StateCache), so the next command reads only the events after it.
 * - The first attempt does not read at all: a cached state is usually current (this process wrote it), and an uncached
 *   stream is usually new (a booking being placed). The expected revision catches every wrong guess; and a refusal or
 *   a no-op is only believed when decided on a state just read, so a stale guess can never refuse what the core accepts.
 * Reading is the core's (`load` with `after`); only the batch decide-and-append loop is this layer's own.
 */
export interface BatchingOptions {
  readonly cacheSize?: number;
  /** Commands of one stream decided together and appended at once, at most. */
  readonly maxBatch?: number;
  readonly logger?: Pick<Logger, 'debug'>;
}

interface Submitted {
  readonly decider: Decider<unknown, DomainEvent, unknown>;
  readonly command: unknown;
  readonly context: CausationContext;
  readonly expectedRevision?: bigint;
}
type Entry = Batched<Submitted, CommandResult<DomainEvent, unknown>>;

export function withBatchingAndCache(
  core: CommandHandler,
  client: EventStoreDBClient,
  options: BatchingOptions = {},
): CommandHandler {
  const cache = new StateCache(options.cacheSize ?? 10_000);
  const queue = new BatchingQueue<Submitted, CommandResult<DomainEvent, unknown>>(
    (stream, batch) => decideAndAppend(stream, batch),
    options.maxBatch ?? 100,
  );

  async function load<C, E extends DomainEvent, S>(
    stream: string,
    decider: Decider<C, E, S>,
    loadOptions: LoadOptions = {},
  ): Promise<LoadedState<S>> {
    let cached = cache.get<S>(stream);
    if (loadOptions.cachedIsEnough) {
      // This process may be appending to the stream right now (a subscriber can hear of an event before its writer
      // hears the append succeeded): the state its running batch is about to cache will do, without a read.
      if (cached === undefined) await queue.afterCurrentBatch(stream);
      cached = cache.get<S>(stream);
      if (cached !== undefined) return cached;
    }
    const loaded = await core.load(stream, decider, { after: cached });
    if (loaded.revision !== null) cache.set(stream, { state: loaded.state, revision: loaded.revision });
    return loaded;
  }

  /** Decides each command on the state its predecessors' events left; undefined when a stale guess refused or skipped one. */
  function decideAll(batch: readonly Entry[], current: LoadedState<unknown>, fresh: boolean, stream: string) {
    const decider = batch[0]!.item.decider;
    const outcomes: Array<{ events: DomainEvent[]; state: unknown; appendedThrough: number } | { rejection: unknown }> =
      [];
    const toAppend: EventData[] = [];
    let state = current.state;
    let revision = current.revision;
    for (const { item } of batch) {
      let events: DomainEvent[];
      try {
        if (item.expectedRevision !== undefined && item.expectedRevision !== revision)
          throw new PreconditionFailedError(stream, item.expectedRevision, revision);
        events = decider.decide(item.command, state);
        for (const event of events) assertReadable(decider, event, stream);
      } catch (rejection) {
        if (!fresh) return undefined;
        outcomes.push({ rejection });
        continue;
      }
      if (events.length === 0 && !fresh) return undefined;
      state = events.reduce(decider.evolve, state);
      if (events.length > 0) revision = (revision ?? -1n) + BigInt(events.length);
      toAppend.push(...events.map((event) => toEventData(event, item.context)));
      outcomes.push({ events, state, appendedThrough: toAppend.length });
    }
    return { outcomes, toAppend, state };
  }

  async function decideAndAppend(stream: string, batch: Entry[]): Promise<void> {
    const decider = batch[0]!.item.decider;
    let current: LoadedState<unknown> = cache.get(stream) ?? { state: decider.initialState, revision: null };
    let fresh = false;
    for (let attempt = 0; attempt < CONFLICT_RETRIES.maxAttempts;) {
      const decided = decideAll(batch, current, fresh, stream);
      if (decided === undefined) {
        current = await load(stream, decider);
        fresh = true;
        continue;
      }
      if (decided.toAppend.length > 0) {
        try {
          const result = await client.appendToStream(stream, decided.toAppend, {
            expectedRevision: current.revision ?? NO_STREAM,
          });
          cache.set(stream, { state: decided.state, revision: result.nextExpectedRevision });
        } catch (error) {
          if (!(error instanceof WrongExpectedVersionError)) throw error;
          // A wrong guess costs one read; a race lost on a fresh state also a pause, as in the core.
          if (fresh) {
            attempt++;
            options.logger?.debug('append conflict, deciding again on fresh state', {
              streamName: stream,
              attempt,
              commands: batch.length,
            });
            await sleep(fullJitterDelay(attempt, CONFLICT_RETRIES.backoff));
          }
          current = await load(stream, decider);
          fresh = true;
          continue;
        }
      }
      // Each command hears of its own events, with the state and revision right after them.
      const before = current.revision ?? -1n;
      decided.outcomes.forEach((outcome, index) => {
        const { resolve, reject } = batch[index]!;
        if ('rejection' in outcome) return reject(outcome.rejection);
        const at = outcome.appendedThrough === 0 ? current.revision : before + BigInt(outcome.appendedThrough);
        resolve({ events: outcome.events, state: outcome.state, revision: at });
      });
      return;
    }
    throw new ConcurrencyRetriesExhaustedError(stream, CONFLICT_RETRIES.maxAttempts);
  }

  return {
    load,
    handle: (stream, decider, command, context, handleOptions = {}) =>
      queue.submit(stream, {
        decider: decider as Decider<unknown, DomainEvent, unknown>,
        command,
        context,
        expectedRevision: handleOptions.expectedRevision,
      }) as Promise<CommandResult<never, never>>,
  };
}
