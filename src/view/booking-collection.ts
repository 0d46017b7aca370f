// The `bookings` collection as the projector writes it: indexes, revision-guarded batch writes, and the view's checkpoint.
import { MongoBulkWriteError, MongoServerError, type AnyBulkWriteOperation, type Collection, type Db } from 'mongodb';
import type { BookingDocument } from './booking-document.js';

export const BOOKINGS = 'bookings';
const CHECKPOINTS = 'checkpoints';
const VIEW_CHECKPOINT_ID = 'booking-view';

const DUPLICATE_KEY = 11000;

/** Stored with the booking id as `_id`, so one booking is one document whatever happens. */
export type StoredBooking = BookingDocument & { _id: string };

/** A position in `$all`, kept as decimal strings: BigInt does not survive BSON or JSON. */
export interface ViewCheckpoint {
  readonly commit: string;
  readonly prepare: string;
}

/** A checkpoint write refused because a later writer's term claimed the checkpoint (src/view/view-lease.ts). */
export class ViewWriterFencedError extends Error {
  readonly code = 'ViewWriterFenced';
  override readonly name = 'ViewWriterFencedError';
  constructor(token: number) {
    super(
      `the view's checkpoint belongs to a later writer than term ${token}; this instance no longer writes the view`,
    );
  }
}

/** The term of the view writer's lease this collection writes for; told when a later term has taken over. */
export interface ViewFence {
  readonly token: number;
  onFenced(): void;
}

export class BookingCollection {
  private readonly bookings: Collection<StoredBooking>;
  private readonly checkpoints: Collection<{ _id: string } & ViewCheckpoint & { updatedAt: string; fence?: number }>;

  /** Without a fence the checkpoint is written unconditionally (one writer by construction: tests, tools). */
  constructor(
    db: Db,
    private readonly fence?: ViewFence,
  ) {
    this.bookings = db.collection<StoredBooking>(BOOKINGS);
    this.checkpoints = db.collection(CHECKPOINTS);
  }

  /**
   * A new term's first write: raises the checkpoint's fence to its token, so that the previous writer's checkpoint
   * writes are refused from now on. Done before reading the checkpoint, which then already includes whatever the
   * previous writer stored. No checkpoint yet: nothing to claim, the first write creates it with the fence.
   */
  async claimCheckpoint(): Promise<void> {
    if (!this.fence) return;
    const { token } = this.fence;
    await this.checkpoints.updateOne(
      { _id: VIEW_CHECKPOINT_ID, $or: [{ fence: { $lt: token } }, { fence: { $exists: false } }] },
      { $set: { fence: token } },
    );
    const stored = await this.checkpoints.findOne({ _id: VIEW_CHECKPOINT_ID });
    if (stored?.fence !== undefined && stored.fence > token) this.fenced();
  }

  private fenced(): never {
    this.fence!.onFenced();
    throw new ViewWriterFencedError(this.fence!.token);
  }

  /**
   * `by_client` serves the client's list, newest first, with the (placedAt, bookingId) cursor;
   * `due_for_expiry` lets the expirer find Confirmed bookings past their expiry without a scan.
   */
  async ensureIndexes(): Promise<void> {
    await this.bookings.createIndexes([
      { key: { clientId: 1, placedAt: -1, bookingId: -1 }, name: 'by_client' },
      { key: { status: 1, expiresAt: 1 }, name: 'due_for_expiry' },
    ]);
  }

  async load(bookingIds: readonly string[]): Promise<Map<string, BookingDocument>> {
    const found = await this.bookings.find({ _id: { $in: [...bookingIds] } }).toArray();
    return new Map(found.map(({ _id, ...doc }) => [_id, doc]));
  }

  /**
   * Writes each document only over an older version of itself. When the stored one is as new or newer
   * (another instance, or a replay, got there first) the filter misses, the upsert tries to insert the
   * same `_id`, and the duplicate-key error is the expected answer: nothing is written, nothing goes back.
   */
  async save(docs: readonly BookingDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const operations: AnyBulkWriteOperation<StoredBooking>[] = docs.map((doc) => ({
      replaceOne: {
        filter: { _id: doc.bookingId, version: { $lt: doc.version } },
        replacement: { _id: doc.bookingId, ...doc },
        upsert: true,
      },
    }));
    try {
      await this.bookings.bulkWrite(operations, { ordered: false });
    } catch (error) {
      if (!onlyDuplicateKeys(error)) throw error;
    }
  }

  async readCheckpoint(): Promise<ViewCheckpoint | undefined> {
    const stored = await this.checkpoints.findOne({ _id: VIEW_CHECKPOINT_ID });
    return stored ? { commit: stored.commit, prepare: stored.prepare } : undefined;
  }

  /**
   * Writes the view's checkpoint. `replacing` says one is stored already (read at start, or written since): then
   * the write only updates it, and false comes back when there was none to update, which means the database was
   * emptied under the running view. Creating it there would point past documents that are gone.
   */
  async saveCheckpoint(
    checkpoint: ViewCheckpoint,
    now: string,
    { replacing }: { replacing: boolean },
  ): Promise<boolean> {
    if (!this.fence) {
      const result = await this.checkpoints.updateOne(
        { _id: VIEW_CHECKPOINT_ID },
        { $set: { ...checkpoint, updatedAt: now } },
        { upsert: !replacing },
      );
      return !replacing || result.matchedCount === 1;
    }
    // Fenced: only the checkpoint of this term (claimed, or created by this write) is written.
    const { token } = this.fence;
    try {
      const result = await this.checkpoints.updateOne(
        { _id: VIEW_CHECKPOINT_ID, fence: token },
        { $set: { ...checkpoint, updatedAt: now, fence: token } },
        { upsert: !replacing },
      );
      if (!replacing || result.matchedCount === 1) return true;
    } catch (error) {
      // The upsert met a checkpoint of another term.
      if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error;
    }
    // Nothing of this term matched: gone (the database emptied), or a later term's.
    if ((await this.checkpoints.countDocuments({ _id: VIEW_CHECKPOINT_ID }, { limit: 1 })) === 0) return false;
    return this.fenced();
  }
}

function onlyDuplicateKeys(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    return errors.length > 0 && errors.every((writeError) => writeError.code === DUPLICATE_KEY);
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}
