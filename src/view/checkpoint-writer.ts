// The booking view's checkpoint in MongoDB: written alongside the next batch, one write at a time, never going back.
import type { Position } from '@eventstore/db-client';
import type { Logger } from 'winston';
import type { Clock } from '../core/clock.js';
import type { BookingCollection, ViewCheckpoint } from './booking-collection.js';

/**
 * The projector asks for a position once the documents up to it are written, and goes on with the next batch
 * without waiting: the write happens alongside. One write at a time, each of the newest position asked for
 * meanwhile, so a burst of batches costs a few writes, not one each. A write that fails is logged and left to the
 * next batch: a restart replays a little more, which the documents' revision guard makes harmless.
 */
export class CheckpointWriter {
  /** The checkpoint as last stored (or read at start). */
  stored: ViewCheckpoint | null = null;
  private writing: Position | undefined;
  private next: Position | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly collection: BookingCollection,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {}

  async load(): Promise<ViewCheckpoint | null> {
    this.stored = (await this.collection.readCheckpoint()) ?? null;
    return this.stored;
  }

  /** Asks for the position to be stored; a position at or before one already asked for is ignored. */
  store(position: Position): void {
    // Never back: a filter checkpoint can come in after a later event was applied.
    const newest = this.next?.commit ?? this.writing?.commit ?? (this.stored ? BigInt(this.stored.commit) : -1n);
    if (position.commit <= newest) return;
    this.next = position;
    this.running ??= this.writeAll();
  }

  /** Resolves once every position asked for so far has been written (or failed to be). */
  async settled(): Promise<void> {
    await this.running;
  }

  private async writeAll(): Promise<void> {
    for (let position = this.next; position !== undefined; position = this.next) {
      this.next = undefined;
      this.writing = position;
      const checkpoint = { commit: position.commit.toString(), prepare: position.prepare.toString() };
      try {
        await this.collection.saveCheckpoint(checkpoint, this.clock.now().toISOString());
        this.stored = checkpoint;
      } catch (error) {
        this.logger.warn('booking view checkpoint not stored; the next batch stores it', { error: (error as Error).message });
      }
    }
    // In the same turn as the loop's last look at `next`: a position asked for later starts a new write.
    this.writing = undefined;
    this.running = undefined;
  }
}
