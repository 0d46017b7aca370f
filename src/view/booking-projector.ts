// Keeps the booking view up to date: a catch-up subscription to the booking streams, applied in batches, checkpointed in MongoDB.
import {
  START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Position,
} from '@eventstore/db-client';
import type { Logger } from 'winston';
import { bookingCategory } from '../bookings/stream.js';
import type { Clock } from '../core/clock.js';
import { equalJitterDelay } from '../core/exponential-backoff.js';
import { DEFAULT_BACKOFF } from '../processes/process-consumer.js';
import type { BookingCollection, ViewCheckpoint } from './booking-collection.js';
import { CheckpointWriter } from './checkpoint-writer.js';
import { foldBookingStream, recordedBookingEvent } from '../eventstore/stream-booking-reads.js';
import { bookingDocumentOf, foldBookingEvent, type FoldedBooking } from './booking-document.js';
import { failureName } from '../store-failures.js';

export interface ProjectorStatus {
  readonly subscribed: boolean;
  /**
   * Replaying from the first event (no checkpoint at start, or the checkpoint vanished) and not caught up yet: the
   * view is known to be incomplete, so readiness says so and the expirer waits.
   */
  readonly rebuilding: boolean;
  readonly caughtUp: boolean;
  /** The `$all` position stored as the view's checkpoint: everything up to it is applied (null before the first). */
  readonly checkpoint: ViewCheckpoint | null;
  readonly queued: number;
  /** Time from an event's append to its document being written, for the latest event applied. */
  readonly lagMs: number | null;
  readonly applied: number;
  readonly lastError: string | null;
}

/** Events applied per bulkWrite while catching up; live traffic makes smaller batches on its own. */
const MAX_BATCH = 500;
/** Pause the subscription above this many queued events, so a long catch-up does not fill the memory. */
const HIGH_WATER = 2_000;
/** Bookings this projector folded, kept to fold their next events without reading their streams again. */
const KNOWN_DOCUMENTS = 10_000;
/**
 * How often an idle view checks that its checkpoint is still stored. A busy view finds out at its next checkpoint
 * write; one with nothing to write (no bookings coming) would otherwise trust a database emptied under it forever.
 */
export const VERIFY_EVERY_MS = 5_000;

export interface ProjectorOptions {
  /** How often the stored checkpoint is checked (tests shorten it). */
  readonly verifyEveryMs?: number;
}

export class BookingProjector {
  private subscription: AllStreamSubscription | undefined;
  private queue: AllStreamResolvedEvent[] = [];
  private draining: Promise<void> | undefined;
  private readonly checkpoints: CheckpointWriter;
  private pendingCheckpoint: Position | undefined;
  private state = {
    subscribed: false,
    caughtUp: false,
    rebuilding: false,
    lagMs: null as number | null,
    applied: 0,
    lastError: null as string | null,
  };
  private verifyTimer: NodeJS.Timeout | undefined;
  private verifying = false;
  private completeWaiters: Array<() => void> = [];
  private attempt = 0;
  private stopping = false;
  private retryTimer: NodeJS.Timeout | undefined;
  /**
   * bookingId → the booking as this projector last folded it, least recently written first. The subscription
   * delivers every event of a booking in order, so a booking folded here is as of its last event seen, whatever
   * another instance stored meanwhile (the revision guard keeps the stored document from going back).
   */
  private readonly known = new Map<string, FoldedBooking>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly collection: BookingCollection,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly options: ProjectorOptions = {},
  ) {
    this.checkpoints = new CheckpointWriter(collection, clock, logger, () => this.checkpointLost());
  }

  async start(): Promise<void> {
    await this.collection.ensureIndexes();
    const checkpoint = await this.checkpoints.load();
    this.logger.info('booking view starting', { from: checkpoint ?? 'start' });
    this.subscribe();
    this.verifyTimer = setInterval(() => void this.verifyWhileRunning(), this.options.verifyEveryMs ?? VERIFY_EVERY_MS);
    this.verifyTimer.unref();
  }

  /** Resolves once the view is complete: at once, or when the rebuild under way has caught up. */
  whenComplete(): Promise<void> {
    if (!this.state.rebuilding) return Promise.resolve();
    return new Promise((resolve) => this.completeWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.verifyTimer);
    await this.subscription?.unsubscribe().catch(() => undefined);
    this.subscription = undefined;
    await this.draining?.catch(() => undefined);
    await this.checkpoints.flush();
  }

  status(): ProjectorStatus {
    return { ...this.state, checkpoint: this.checkpoints.stored, queued: this.queue.length };
  }

  private subscribe(): void {
    const stored = this.checkpoints.stored;
    const from = stored ? { commit: BigInt(stored.commit), prepare: BigInt(stored.prepare) } : START;
    // From the first event, the view is incomplete until this subscription has caught up.
    if (!stored) this.state.rebuilding = true;
    const subscription = this.client.subscribeToAll({
      fromPosition: from,
      // Only the streams `booking-<id>`: their `$>` links in `$ce-booking` would be the same events twice.
      filter: streamNameFilter({
        prefixes: [`${bookingCategory}-`],
        // Checkpoints while other streams pass by keep the stored position (and the lag) current.
        checkpointReached: (reached, position) => this.checkpointReached(reached, position),
      }),
    });
    this.subscription = subscription;
    subscription.on('confirmation', () => {
      this.state.subscribed = true;
      this.attempt = 0;
    });
    subscription.on('caughtUp', () => {
      this.state.caughtUp = true;
      this.noteIfComplete();
    });
    subscription.on('fellBehind', () => {
      this.state.caughtUp = false;
    });
    subscription.on('data', (event: AllStreamResolvedEvent) => {
      this.queue.push(event);
      if (this.queue.length >= HIGH_WATER) subscription.pause();
      this.drain();
    });
    subscription.on('error', (error: Error) => this.dropped(subscription, error));
    subscription.on('end', () => this.dropped(subscription, new Error('the server ended the subscription')));
  }

  /** A rebuild is over once the subscription has caught up and everything it delivered is written. */
  private noteIfComplete(): void {
    if (!this.state.rebuilding || !this.state.caughtUp || !this.subscription) return;
    if (this.queue.length > 0 || this.draining || this.subscription.readableLength > 0) return;
    this.state.rebuilding = false;
    this.logger.info('booking view complete: caught up with the event store', { applied: this.state.applied });
    for (const resolve of this.completeWaiters.splice(0)) resolve();
  }

  /**
   * Whether the checkpoint is still stored, asked by a reader after its read: MongoDB never goes back, so a read made
   * on a server that came back empty is followed by a check that finds nothing (and starts the rebuild).
   */
  checkpointStillStored(): Promise<boolean> {
    return this.checkpoints.verify();
  }

  /** The timer's check, one at a time; while (re)subscribing the resubscription checks itself. */
  private async verifyWhileRunning(): Promise<void> {
    if (this.verifying || this.stopping) return;
    this.verifying = true;
    try {
      await this.checkpoints.verify();
    } catch (error) {
      // MongoDB away for a moment: the next check (or the next checkpoint write) tells.
      this.logger.debug('booking view checkpoint not verified', { error: (error as Error).message });
    } finally {
      this.verifying = false;
    }
  }

  /**
   * A checkpoint covers every event before it; those may still sit in the stream's read buffer on their
   * way to the queue. Taking it only when that buffer is empty keeps the stored position from passing
   * an event that is not written yet.
   */
  private checkpointReached(subscription: AllStreamSubscription, position: Position): void {
    if (subscription.readableLength > 0) return;
    this.pendingCheckpoint = position;
    this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = this.drainQueue()
      .catch((error: Error) => this.subscription && this.dropped(this.subscription, error))
      .finally(() => {
        this.draining = undefined;
        if (this.queue.length > 0 || this.pendingCheckpoint) this.drain();
        else this.noteIfComplete();
      });
  }

  private async drainQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      await this.apply(batch);
      if (this.queue.length < HIGH_WATER / 2) this.subscription?.resume();
    }
    const pending = this.pendingCheckpoint;
    this.pendingCheckpoint = undefined;
    if (pending) this.checkpoints.store(pending);
  }

  /** Folds the batch in memory with the aggregate's evolve and writes each booking once, through the one mapping. */
  private async apply(batch: readonly AllStreamResolvedEvent[]): Promise<void> {
    const events = batch.flatMap((resolved) => (resolved.event ? [resolved.event] : []));
    // Parsed with the booking's own schemas: an event that does not fit stops the view (InvalidStoredEventError), never guessed at.
    const recorded = batch.flatMap((resolved) =>
      resolved.event
        ? [{ id: resolved.event.streamId.slice(bookingCategory.length + 1), ...recordedBookingEvent(resolved) }]
        : [],
    );
    // Fold from the stream only what cannot be folded here: a booking neither folded by this projector nor starting
    // in this batch at revision 0 (a fold from its first event needs nothing else; replayed, it writes nothing new).
    const unknown = new Set<string>();
    const starting = new Set<string>();
    for (const { id, revision } of recorded) {
      if (this.known.has(id) || starting.has(id) || unknown.has(id)) continue;
      if (revision === 0) starting.add(id);
      else unknown.add(id);
    }
    const changed = new Map<string, FoldedBooking>();
    await Promise.all(
      [...unknown].map(async (id) => {
        const folded = await foldBookingStream(this.client, id);
        if (folded) changed.set(id, folded);
      }),
    );
    for (const { id, ...event } of recorded) {
      const before = changed.get(id) ?? this.known.get(id) ?? null;
      const after = foldBookingEvent(before, event);
      if (after !== before) changed.set(id, after);
    }
    const now = this.clock.now().toISOString();
    await this.collection.save([...changed.values()].flatMap((folded) => bookingDocumentOf(folded, now) ?? []));
    for (const [id, folded] of changed) {
      this.known.delete(id);
      this.known.set(id, folded);
    }
    for (const id of this.known.keys()) {
      if (this.known.size <= KNOWN_DOCUMENTS) break;
      this.known.delete(id);
    }
    const last = events.at(-1);
    if (last) {
      this.state.applied += events.length;
      // Wall clock against the server's append time: what a reader waits, not a business time.
      this.state.lagMs = Date.now() - last.created.getTime();
      this.checkpoints.store(last.position);
    }
  }

  /**
   * The 6.2.1 client does not resubscribe. Whatever was queued is dropped: it lies after the stored
   * checkpoint, so the new subscription delivers it again.
   */
  private dropped(subscription: AllStreamSubscription, error: Error): void {
    if (subscription !== this.subscription || this.stopping) return;
    this.subscription = undefined;
    this.queue = [];
    this.known.clear();
    this.state.subscribed = false;
    this.state.caughtUp = false;
    this.state.lastError = failureName(error);
    subscription.removeAllListeners('data');
    subscription.unsubscribe().catch(() => undefined);
    const delay = equalJitterDelay(this.attempt++, DEFAULT_BACKOFF);
    this.logger.warn('booking view subscription dropped; resubscribing', { error: error.message, delayMs: delay });
    this.retryTimer = setTimeout(() => void this.resubscribe(), delay);
  }

  /**
   * The database was emptied under the running view: it is rebuilt from the first event, as a start on an empty
   * database would. Stopping, there is nothing to do: the next start finds no checkpoint.
   */
  private checkpointLost(): void {
    this.state.rebuilding = true;
    if (this.subscription)
      this.dropped(this.subscription, new Error('the view checkpoint vanished; rebuilding from the first event'));
  }

  /** A batch still being written moves the checkpoint: the new subscription starts after it. */
  private async resubscribe(): Promise<void> {
    await this.draining?.catch(() => undefined);
    await this.checkpoints.flush();
    if (this.stopping) return;
    // A restart of the stores drops the subscription: MongoDB may have come back without the view.
    await this.checkpoints.verify().catch((error: Error) => {
      this.logger.warn('booking view checkpoint not verified before resubscribing; resuming from the one in memory', {
        error: error.message,
      });
    });
    if (this.stopping) return;
    if (this.checkpoints.lost) {
      try {
        await this.collection.ensureIndexes();
      } catch (error) {
        // Not fatal to the rebuild: the next start creates them.
        this.logger.warn('booking view indexes not created while rebuilding', { error: (error as Error).message });
      }
      this.checkpoints.restartFromScratch();
    }
    this.subscribe();
  }
}
