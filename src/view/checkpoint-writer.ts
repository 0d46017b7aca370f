// The booking view's checkpoint in MongoDB: written alongside the next batches, at most once a second, never going back.
import type { Position } from '@eventstore/db-client';
import type { Logger } from 'winston';
import type { Clock } from '../core/clock.js';
import type { BookingCollection, ViewCheckpoint } from './booking-collection.js';

/**
 * How often the checkpoint is written while events keep coming. A restart replays what came after the stored
 * checkpoint, which the documents' revision guard makes harmless, so a second's worth of events replayed is cheap;
 * a checkpoint write per batch was as many MongoDB writes as the view's own at moderate load.
 */
export const CHECKPOINT_EVERY_MS = 1_000;

/**
 * The projector asks for a position once the documents up to it are written, and goes on with the next batch
 * without waiting: the write happens alongside. One write at a time, at most one per interval, each of the newest
 * position asked for meanwhile. A write that fails is logged and left to the next one: a restart replays a little
 * more. `flush()` (on stop and before resubscribing) writes the newest position at once.
 *
 * A stored checkpoint that vanished (the database emptied while the view runs) is reported through `onLost`, and
 * nothing more is written until `restartFromScratch()`: the view must be rebuilt from the first event.
 */
export class CheckpointWriter {
  /** The checkpoint as last stored (or read at start). */
  stored: ViewCheckpoint | null = null;
  private writing: Position | undefined;
  private next: Position | undefined;
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** Set when the stored checkpoint vanished: positions are ignored until the view starts again from scratch. */
  private vanished = false;

  constructor(
    private readonly collection: BookingCollection,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly onLost: () => void,
    private readonly everyMs = CHECKPOINT_EVERY_MS,
  ) {}

  async load(): Promise<ViewCheckpoint | null> {
    this.stored = (await this.collection.readCheckpoint()) ?? null;
    return this.stored;
  }

  get lost(): boolean {
    return this.vanished;
  }

  /** After a lost checkpoint: the view starts again from the first event, and its first checkpoint creates the document. */
  restartFromScratch(): void {
    this.vanished = false;
    this.stored = null;
  }

  /**
   * Whether the checkpoint this view stored is still in the database: false when it vanished (the database was
   * emptied or MongoDB restarted on no data), which is reported through `onLost` as a failed write would be. A view
   * with nothing stored yet has nothing to lose; a read that fails says nothing either way and throws.
   */
  async verify(): Promise<boolean> {
    if (this.vanished) return false;
    if (this.stored === null) return true;
    if ((await this.collection.readCheckpoint()) !== undefined) return true;
    // Stopped or restarted from scratch while reading: nothing to report.
    if (this.vanished || this.stored === null) return !this.vanished;
    this.markLost();
    return false;
  }

  /** The stored checkpoint is gone: no more writes until the view starts again, and the view is told to rebuild. */
  private markLost(): void {
    this.vanished = true;
    this.next = undefined;
    this.logger.warn(
      'booking view checkpoint vanished (the database was emptied or restarted?); rebuilding the view from the first event',
    );
    this.onLost();
  }

  /** Asks for the position to be stored; a position at or before one already asked for is ignored. */
  store(position: Position): void {
    if (this.vanished) return;
    // Never back: a filter checkpoint can come in after a later event was applied.
    const newest = this.next?.commit ?? this.writing?.commit ?? (this.stored ? BigInt(this.stored.commit) : -1n);
    if (position.commit <= newest) return;
    this.next = position;
    this.schedule();
  }

  /** Writes the newest position asked for now, without waiting for the interval; resolves once it is written (or failed). */
  async flush(): Promise<void> {
    while (this.running || this.next) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.running ??= this.writeNext();
      await this.running;
    }
  }

  private schedule(): void {
    if (this.running || this.timer || !this.next) return;
    const wait = this.lastWriteAt + this.everyMs - performance.now();
    if (wait <= 0) {
      this.running = this.writeNext();
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, wait);
    // A view that is never stopped does not keep the process alive for its last checkpoint.
    this.timer.unref();
  }

  private async writeNext(): Promise<void> {
    const position = this.next!;
    this.next = undefined;
    this.writing = position;
    this.lastWriteAt = performance.now();
    const checkpoint = { commit: position.commit.toString(), prepare: position.prepare.toString() };
    try {
      // A checkpoint read at start or written since is there to replace; only the first write creates one.
      if (
        await this.collection.saveCheckpoint(checkpoint, this.clock.now().toISOString(), {
          replacing: this.stored !== null,
        })
      ) {
        this.stored = checkpoint;
      } else {
        this.markLost();
      }
    } catch (error) {
      this.logger.warn('booking view checkpoint not stored; the next write stores it', {
        error: (error as Error).message,
      });
    }
    this.writing = undefined;
    this.running = undefined;
    this.schedule();
  }
}
