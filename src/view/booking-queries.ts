// The reads the HTTP API and the expirer make of the booking view: a client's list with a cursor, one booking, the due ones.
import type { Collection, Db, Filter } from 'mongodb';
import { BOOKINGS, type StoredBooking } from './booking-collection.js';
import type { BookingDocument, BookingViewStatus } from './booking-document.js';

export interface BookingListQuery {
  readonly status?: BookingViewStatus;
  /** 1–100; the route validates it. */
  readonly limit: number;
  /** The `next` of the previous page. */
  readonly after?: string;
}

export interface BookingPage {
  readonly items: BookingDocument[];
  /** Pass as `after` for the next page; null on the last page. */
  readonly next: string | null;
}

export class InvalidBookingCursor extends Error {
  readonly code = 'InvalidBookingCursor';
  readonly field = 'after';
  constructor() {
    super('after is not a cursor this API returned');
  }
}

/** The cursor is the last item's sort key (placedAt, bookingId): stable while new bookings arrive, unlike an offset. */
export function encodeCursor(doc: Pick<BookingDocument, 'placedAt' | 'bookingId'>): string {
  return Buffer.from(JSON.stringify([doc.placedAt, doc.bookingId])).toString('base64url');
}

export function decodeCursor(cursor: string): { placedAt: string; bookingId: string } {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && decoded.every((part) => typeof part === 'string')) {
      return { placedAt: decoded[0] as string, bookingId: decoded[1] as string };
    }
  } catch {
    // fall through: any undecodable cursor is the same client error
  }
  throw new InvalidBookingCursor();
}

const withoutId = ({ _id, ...doc }: StoredBooking): BookingDocument => doc;

export class BookingQueries {
  private readonly bookings: Collection<StoredBooking>;

  constructor(db: Db) {
    this.bookings = db.collection<StoredBooking>(BOOKINGS);
  }

  async list(clientId: string, query: BookingListQuery): Promise<BookingPage> {
    const cursor = query.after === undefined ? undefined : decodeCursor(query.after);
    const filter: Filter<StoredBooking> = {
      clientId,
      ...(query.status === undefined ? {} : { status: query.status }),
      ...(cursor === undefined
        ? {}
        : {
            $or: [
              { placedAt: { $lt: cursor.placedAt } },
              { placedAt: cursor.placedAt, bookingId: { $lt: cursor.bookingId } },
            ],
          }),
    };
    // One more than asked tells whether another page exists without a count.
    const found = await this.bookings
      .find(filter)
      .sort({ placedAt: -1, bookingId: -1 })
      .limit(query.limit + 1)
      .toArray();
    const items = found.slice(0, query.limit).map(withoutId);
    const last = items.at(-1);
    return { items, next: found.length > query.limit && last ? encodeCursor(last) : null };
  }

  /** Another client's booking is as missing as one that does not exist. */
  async get(clientId: string, bookingId: string): Promise<BookingDocument | null> {
    const found = await this.bookings.findOne({ _id: bookingId, clientId });
    return found ? withoutId(found) : null;
  }

  /** Confirmed bookings whose hold ended by `now`, oldest expiry first, at most `limit` (the `due_for_expiry` index). */
  async dueForExpiry(now: Date, limit: number): Promise<BookingDocument[]> {
    const found = await this.bookings
      .find({ status: 'Confirmed', expiresAt: { $ne: null, $lte: now.toISOString() } })
      .sort({ expiresAt: 1 })
      .limit(limit)
      .toArray();
    return found.map(withoutId);
  }
}
