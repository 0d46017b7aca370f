// An immutable map whose `set` and `delete` return a new map without copying the whole of it: for states that grow
// by one entry per event (a concert's holds), so folding n events costs about n, not n².

const REMOVED: unique symbol = Symbol('removed');

/** Changes kept on top of the shared base before they are folded into a new base (one full copy per this many changes). */
const MAX_OVERLAY = 64;

/**
 * A ReadonlyMap made of a base map and a small overlay of changes, neither ever mutated once built, so every
 * version can be shared (a cached state read by concurrent commands) while the next one is built.
 */
export class PersistentMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly overlay: ReadonlyMap<K, V | typeof REMOVED>,
    readonly size: number,
  ) {}

  static empty<K, V>(): PersistentMap<K, V> {
    return new PersistentMap<K, V>(new Map(), new Map(), 0);
  }

  static from<K, V>(entries: Iterable<readonly [K, V]>): PersistentMap<K, V> {
    const base = new Map<K, V>(entries);
    return new PersistentMap<K, V>(base, new Map(), base.size);
  }

  get(key: K): V | undefined {
    const changed = this.overlay.get(key);
    if (changed !== undefined || this.overlay.has(key)) return changed === REMOVED ? undefined : changed;
    return this.base.get(key);
  }

  has(key: K): boolean {
    if (this.overlay.has(key)) return this.overlay.get(key) !== REMOVED;
    return this.base.has(key);
  }

  /** A new map with the key set; this one is unchanged. */
  set(key: K, value: V): PersistentMap<K, V> {
    return this.changed(key, value, this.has(key) ? this.size : this.size + 1);
  }

  /** A new map without the key (this one when it has no such key). */
  delete(key: K): PersistentMap<K, V> {
    return this.has(key) ? this.changed(key, REMOVED, this.size - 1) : this;
  }

  private changed(key: K, value: V | typeof REMOVED, size: number): PersistentMap<K, V> {
    if (this.overlay.size < MAX_OVERLAY)
      return new PersistentMap(this.base, new Map(this.overlay).set(key, value), size);
    const base = new Map(this.entries());
    if (value === REMOVED) base.delete(key);
    else base.set(key, value);
    return new PersistentMap(base, new Map(), size);
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) if (!this.overlay.has(key)) yield [key, value];
    for (const [key, value] of this.overlay) if (value !== REMOVED) yield [key, value];
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
