// Server-side cursors: the rest of a result, handed out batch by batch through getMore.
import { BSON, Long } from 'bson';
import { MongoServerError } from './errors.js';
import type { Doc } from './query/paths.js';

const DEFAULT_FIRST_BATCH = 101;
/** A batch stops growing once it reaches the size of one maximal BSON document. */
const MAX_BATCH_BYTES = 16 * 1024 * 1024;
/** mongod's cursorTimeoutMillis: a cursor nobody asked for in ten minutes is dropped. */
export const CURSOR_TIMEOUT_MS = 10 * 60 * 1000;

interface OpenCursor {
  ns: string;
  docs: Doc[];
  position: number;
  lastUsed: number;
  endKnown: boolean;
}

/**
 * How mongod decides a cursor is finished: it closes one (id 0) only when its plan reports the end.
 * A scan reports it only after looking past its last result, so when the last batch is exactly full
 * the cursor stays open and one more getMore answers an empty batch with id 0. A blocking sort, a
 * reached limit or a list held in memory know their end as soon as they hand out the last result.
 */
export interface CursorOptions {
  singleBatch?: boolean;
  /** The end is known as soon as the last result is handed out (sorted, limited or in-memory results). */
  endKnown?: boolean;
}

export class CursorRegistry {
  private readonly open = new Map<string, OpenCursor>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The `cursor` field of a find/aggregate/list reply; keeps the remainder when it does not fit. */
  first(ns: string, docs: Doc[], batchSize: number | undefined, options: CursorOptions = {}): Doc {
    const size = batchSize === undefined || batchSize === 0 ? DEFAULT_FIRST_BATCH : batchSize;
    const batch = takeBatch(docs, 0, size);
    const endKnown = options.endKnown === true;
    if (options.singleBatch || finished(batch.length, size, batch.length, docs.length, endKnown)) {
      return { firstBatch: batch, id: Long.ZERO, ns };
    }
    this.dropIdle();
    const id = Long.fromNumber(1 + Math.floor(Math.random() * 2 ** 52));
    this.open.set(id.toString(), { ns, docs, position: batch.length, lastUsed: this.now(), endKnown });
    return { firstBatch: batch, id, ns };
  }

  next(id: unknown, ns: string, batchSize: number | undefined): Doc {
    const key = String(id);
    const cursor = this.open.get(key);
    if (!cursor || cursor.ns !== ns) throw new MongoServerError(43, `cursor id ${key} not found`);
    const size = batchSize || Infinity;
    const batch = takeBatch(cursor.docs, cursor.position, size);
    cursor.position += batch.length;
    cursor.lastUsed = this.now();
    const exhausted = finished(batch.length, size, cursor.position, cursor.docs.length, cursor.endKnown);
    if (exhausted) this.open.delete(key);
    return { nextBatch: batch, id: exhausted ? Long.ZERO : Long.fromString(key), ns };
  }

  kill(ids: unknown[]): { cursorsKilled: Long[]; cursorsNotFound: Long[] } {
    const killed: Long[] = [];
    const notFound: Long[] = [];
    for (const id of ids) {
      const long = Long.fromString(String(id));
      (this.open.delete(long.toString()) ? killed : notFound).push(long);
    }
    return { cursorsKilled: killed, cursorsNotFound: notFound };
  }

  get size(): number {
    return this.open.size;
  }

  /** Abandoned cursors would otherwise hold their results forever. */
  private dropIdle(): void {
    const cutoff = this.now() - CURSOR_TIMEOUT_MS;
    for (const [id, cursor] of this.open) if (cursor.lastUsed < cutoff) this.open.delete(id);
  }

  clear(): void {
    this.open.clear();
  }
}

/** Closed when nothing is left and the plan knows it: it looked past the end (a short batch) or knows its end. */
function finished(batchLength: number, size: number, position: number, total: number, endKnown: boolean): boolean {
  return position >= total && (endKnown || batchLength < size);
}

function takeBatch(docs: Doc[], from: number, size: number): Doc[] {
  const batch: Doc[] = [];
  let bytes = 0;
  for (let i = from; i < docs.length && batch.length < size; i++) {
    if (size === Infinity) {
      bytes += BSON.calculateObjectSize(docs[i]);
      if (bytes > MAX_BATCH_BYTES && batch.length > 0) break;
    }
    batch.push(docs[i]);
  }
  return batch;
}
