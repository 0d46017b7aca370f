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

export class BookingCollection {
  private readonly bookings: Collection<StoredBooking>;
  private readonly checkpoints: Collection<{ _id: string } & ViewCheckpoint & { updatedAt: string }>;

  constructor(db: Db) {
    this.bookings = db.collection<StoredBooking>(BOOKINGS);
    this.checkpoints = db.collection(CHECKPOINTS);
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
  async saveCheckpoint(checkpoint: ViewCheckpoint, now: string, { replacing }: { replacing: boolean }): Promise<boolean> {
    const result = await this.checkpoints.updateOne({ _id: VIEW_CHECKPOINT_ID }, { $set: { ...checkpoint, updatedAt: now } }, { upsert: !replacing });
    return !replacing || result.matchedCount === 1;
  }
}

function onlyDuplicateKeys(error: unknown): boolean {
  if (error instanceof MongoBulkWriteError) {
    const errors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    return errors.length > 0 && errors.every((writeError) => writeError.code === DUPLICATE_KEY);
  }
  return error instanceof MongoServerError && error.code === DUPLICATE_KEY;
}
