// A lease in MongoDB that lets one instance at a time write the booking view, with a fencing token per term.
import { MongoServerError, type Collection, type Db } from 'mongodb';

/**
 * Why a lease and a token, and what each protects.
 *
 * Several instances may run the `view` role; each campaigns for the lease document `leases/booking-view`. Taking it
 * is one atomic findOneAndUpdate that only matches an expired lease (or, through the upsert, a missing one) and
 * increments `token`; the holder renews it every third of its lifetime and gives it back on a clean stop, so a
 * stopped writer is replaced at once and a dead one once its lease expires (VIEW_LEASE_MS, 6 s by default).
 *
 * A lease alone is not enough: a writer can lose it without noticing (a long GC pause, a partition) and go on
 * writing after its successor started. The token makes the terms ordered, and the writes check it:
 * - the view's checkpoint (`checkpoints/booking-view`) carries the token of the term that wrote it. A new holder
 *   first claims it (raises its `fence` to its own token), then reads it; every later checkpoint write matches
 *   only `fence = token`, so once the successor has claimed it, a stale writer's write finds a higher fence and
 *   is refused (BookingCollection, ViewWriterFencedError), and the stale writer stops. This is the write that must
 *   not come from two writers: it says "everything before this position is applied".
 * - the booking documents need no token of their own: each carries its stream revision (`version`) and is written
 *   only over an older one, which is a fencing token per document. What a stale writer could still write there is
 *   the same fold of the same events its successor writes (its subscription is gap-free, and it drops its cache
 *   of documents when it stops), so it can only arrive late, never wrong or backwards.
 * Clocks: expiry compares the holders' own clocks, so a clock far ahead could take a lease early. That costs
 * a short overlap of two writers, which the fencing above makes harmless; it never costs a wrong view.
 */
export interface LeaseRecord {
  readonly _id: string;
  /** The instance holding it; null once given back. */
  readonly holder: string | null;
  /** Raised by one at every new term: the fencing token. */
  readonly token: number;
  readonly expiresAt: Date;
  readonly acquiredAt: Date;
}

export const LEASES = 'leases';
const DUPLICATE_KEY = 11000;

export class MongoLease {
  private readonly leases: Collection<LeaseRecord>;

  constructor(
    db: Db,
    readonly name: string,
    private readonly ttlMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.leases = db.collection<LeaseRecord>(LEASES);
  }

  /** A new term for `holder` if the lease is free or expired: its token; null while someone holds it. */
  async tryAcquire(holder: string): Promise<number | null> {
    const now = this.now();
    try {
      const taken = await this.leases.findOneAndUpdate(
        { _id: this.name, expiresAt: { $lte: now } },
        { $set: { holder, expiresAt: new Date(now.getTime() + this.ttlMs), acquiredAt: now }, $inc: { token: 1 } },
        // A missing lease is created by the upsert; a held one makes it insert a second `_id` and fail.
        { upsert: true, returnDocument: 'after' },
      );
      return taken?.token ?? null;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return null;
      throw error;
    }
  }

  /**
   * Extends the term; null when it is no longer this holder's (it expired and another instance took or freed it). A
   * lease that is gone altogether (the database emptied) is put back as it was, same holder and token: the term goes on,
   * and the next holder's token is still above every fence this one wrote.
   */
  async renew(holder: string, token: number): Promise<Date | null> {
    const now = this.now();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    try {
      await this.leases.updateOne(
        { _id: this.name, holder, token },
        { $set: { expiresAt }, $setOnInsert: { acquiredAt: now } },
        { upsert: true },
      );
      return expiresAt;
    } catch (error) {
      // Someone else's lease is there: the upsert met its `_id`.
      if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return null;
      throw error;
    }
  }

  /** Gives the term back so that a successor need not wait for the expiry; nothing if it already ended. */
  async release(holder: string, token: number): Promise<void> {
    await this.leases.updateOne({ _id: this.name, holder, token }, { $set: { holder: null, expiresAt: new Date(0) } });
  }

  async read(): Promise<LeaseRecord | null> {
    return this.leases.findOne({ _id: this.name });
  }
}
