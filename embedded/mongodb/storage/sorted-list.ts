// An ordered multiset kept as a list of small sorted chunks: O(log n) search, cheap inserts and deletes.

/** Chunks are split when they grow past this size, so an insert moves at most a few KB of memory. */
const MAX_CHUNK = 256;

export class SortedList<T> {
  private chunks: T[][] = [];
  private count = 0;

  constructor(readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.count;
  }

  insert(item: T): void {
    this.count++;
    if (this.chunks.length === 0) {
      this.chunks.push([item]);
      return;
    }
    const lastChunk = this.chunks[this.chunks.length - 1];
    // Ascending keys (dates, counters) are common: appending skips both binary searches.
    let c = this.compare(lastChunk[lastChunk.length - 1], item) < 0 ? this.chunks.length - 1 : this.chunkFor(item);
    if (c === this.chunks.length) c--;
    const chunk = this.chunks[c];
    chunk.splice(this.position(chunk, item), 0, item);
    if (chunk.length > MAX_CHUNK) {
      this.chunks.splice(c, 1, chunk.slice(0, chunk.length >> 1), chunk.slice(chunk.length >> 1));
    }
  }

  /** Removes the item comparing equal to `item`; returns whether one was found. */
  delete(item: T): boolean {
    const c = this.chunkFor(item);
    if (c === this.chunks.length) return false;
    const chunk = this.chunks[c];
    const i = this.position(chunk, item);
    if (i === chunk.length || this.compare(chunk[i], item) !== 0) return false;
    chunk.splice(i, 1);
    if (chunk.length === 0) this.chunks.splice(c, 1);
    this.count--;
    return true;
  }

  /** Items from the first one >= `low` up to the last one <= `high`, in order. */
  *range(low: T, high: T): Generator<T> {
    const first = this.chunkFor(low);
    for (let c = first; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      for (let i = c === first ? this.position(chunk, low) : 0; i < chunk.length; i++) {
        if (this.compare(chunk[i], high) > 0) return;
        yield chunk[i];
      }
    }
  }

  /** Calls `visit` on the same items as `range`, in order, without a generator (the planner's hot loop). */
  forEachInRange(low: T, high: T, visit: (item: T) => void): void {
    const first = this.chunkFor(low);
    for (let c = first; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      for (let i = c === first ? this.position(chunk, low) : 0; i < chunk.length; i++) {
        if (this.compare(chunk[i], high) > 0) return;
        visit(chunk[i]);
      }
    }
  }

  /** The first item >= `item`, if any (a unique-key probe without a generator). */
  firstAtLeast(item: T): T | undefined {
    const c = this.chunkFor(item);
    if (c === this.chunks.length) return undefined;
    const chunk = this.chunks[c];
    return chunk[this.position(chunk, item)];
  }

  *[Symbol.iterator](): Generator<T> {
    for (const chunk of this.chunks) yield* chunk;
  }

  /** Index of the first chunk whose last item is >= `item` (chunks.length when none). */
  private chunkFor(item: T): number {
    let lo = 0;
    let hi = this.chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.chunks[mid];
      if (this.compare(chunk[chunk.length - 1], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Index of the first item in `chunk` that is >= `item`. */
  private position(chunk: T[], item: T): number {
    let lo = 0;
    let hi = chunk.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.compare(chunk[mid], item) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
