// Decides what a group's checkpoint is (the last message before the lowest unfinished one) and when to write it.
import type { GroupSettings } from './settings.js';

export class CheckpointTracker {
  /** Unfinished messages by load sequence (insertion order = ascending), each with the key loaded just before it. */
  private readonly unfinished = new Map<number, bigint | undefined>();
  private nextSequence = 0;
  private lastLoadedKey: bigint | undefined;
  private checkpointedSequence = 0;
  private lastWriteAt: number;
  private written: bigint | undefined;

  /** `resumedFrom` is the checkpoint the group started after, if any. */
  constructor(resumedFrom: bigint | undefined, now: number) {
    this.lastLoadedKey = resumedFrom;
    this.written = resumedFrom;
    this.lastWriteAt = now;
  }

  /** Registers a message read from the source; returns its sequence. */
  load(key: bigint): number {
    const sequence = this.nextSequence;
    this.nextSequence += 1;
    this.unfinished.set(sequence, this.lastLoadedKey);
    this.lastLoadedKey = key;
    return sequence;
  }

  /** Acked, skipped or parked: the message no longer holds the checkpoint back. */
  finish(sequence: number): void {
    this.unfinished.delete(sequence);
  }

  get lastCheckpoint(): bigint | undefined {
    return this.written;
  }

  /**
   * The key to write now, or undefined. Like the real server: on the timer once `checkPointAfter`
   * has passed and at least `minCheckPointCount` messages are finished, or at once at `maxCheckPointCount`.
   */
  due(now: number, onTimer: boolean, settings: GroupSettings): bigint | undefined {
    const first = this.unfinished.entries().next();
    const [sequence, key] = first.done ? [this.nextSequence, this.lastLoadedKey] : first.value;
    if (key === undefined || key === this.written) return undefined;
    const finished = sequence - this.checkpointedSequence;
    if (finished <= 0) return undefined;
    const byTime =
      onTimer && finished >= settings.minCheckPointCount && now - this.lastWriteAt >= settings.checkPointAfterMs;
    if (!byTime && finished < settings.maxCheckPointCount) return undefined;
    this.checkpointedSequence = sequence;
    this.lastWriteAt = now;
    this.written = key;
    return key;
  }
}
