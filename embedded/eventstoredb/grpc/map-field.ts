// A protocol `map<…>` field, with the methods of jspb.Map that code written against generated classes calls.
export class MapField<V> {
  readonly entriesByKey = new Map<string, V>();
  get(key: string): V | undefined {
    return this.entriesByKey.get(key);
  }
  set(key: string, value: V): this {
    this.entriesByKey.set(key, value);
    return this;
  }
  has(key: string): boolean {
    return this.entriesByKey.has(key);
  }
  del(key: string): boolean {
    return this.entriesByKey.delete(key);
  }
  clear(): void {
    this.entriesByKey.clear();
  }
  getLength(): number {
    return this.entriesByKey.size;
  }
  entries(): IterableIterator<[string, V]> {
    return this.entriesByKey.entries();
  }
  keys(): IterableIterator<string> {
    return this.entriesByKey.keys();
  }
  forEach(callback: (value: V, key: string) => void): void {
    this.entriesByKey.forEach((value, key) => callback(value, key));
  }
  toArray(): [string, V][] {
    return [...this.entriesByKey.entries()];
  }
}
