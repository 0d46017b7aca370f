// Recently folded stream states, so a hot stream (a concert) is not re-read from its first event on every command.

export interface CachedState<State> {
  readonly state: State;
  /** Revision of the last event folded into state. */
  readonly revision: bigint;
}

/**
 * Least-recently-used, bounded. A cached entry may be stale: the handler reads the events after
 * its revision before deciding, and the expected revision on append catches any race anyway.
 */
export class StateCache {
  private readonly entries = new Map<string, CachedState<unknown>>();

  constructor(private readonly capacity: number) {}

  get<State>(streamName: string): CachedState<State> | undefined {
    const entry = this.entries.get(streamName);
    if (!entry) return undefined;
    // Re-insert so that Map order is recency order.
    this.entries.delete(streamName);
    this.entries.set(streamName, entry);
    return entry as CachedState<State>;
  }

  set<State>(streamName: string, entry: CachedState<State>): void {
    const current = this.entries.get(streamName);
    // A slower concurrent command must not put an older state back.
    if (current && current.revision > entry.revision) return;
    this.entries.delete(streamName);
    this.entries.set(streamName, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get size(): number {
    return this.entries.size;
  }
}
