// What the log holds and what readers may see of it: every indexed event, of which only the durable prefix is readable.
import { lowerBound, readStreamRange } from './reading.js';
import {
  LINK_EVENT_TYPE,
  METADATA_EVENT_TYPE,
  StreamState,
  TOMBSTONE_EVENT_TYPE,
  TOMBSTONE_REVISION,
  isMetastream,
  parseMetadata,
  streamOfMetastream,
} from './streamState.js';
import type { Direction, ReadFrom, ReadStreamResult, RecordedEvent, ResolvedEvent, StreamMetadata } from './types.js';

export class LogIndex {
  private readonly streams = new Map<string, StreamState>();
  private readonly all: RecordedEvent[] = [];
  /** `all[0..durableCount)` is on disk (or, in memory mode, committed): the only part readers see. */
  private durableCount = 0;
  private next = 1n;

  constructor(private readonly now: () => bigint) {}

  /** The position the next event will get. */
  get nextPosition(): bigint {
    return this.next;
  }

  get size(): number {
    return this.all.length;
  }

  get lastDurablePosition(): bigint {
    return this.durableCount === 0 ? -1n : this.all[this.durableCount - 1].position;
  }

  /** The stream as appends see it, in-flight events included. */
  stream(name: string): StreamState | undefined {
    return this.streams.get(name);
  }

  add(event: RecordedEvent): void {
    const state = this.stateOf(event.streamId);
    if (event.type === TOMBSTONE_EVENT_TYPE && event.revision === TOMBSTONE_REVISION) state.tombstone = event;
    else state.add(event);
    if (isMetastream(event.streamId) && event.type === METADATA_EVENT_TYPE) {
      this.stateOf(streamOfMetastream(event.streamId)).metadata = parseMetadata(event.data);
    }
    this.all.push(event);
    this.next = event.position + 1n;
  }

  /** Makes every event up to `position` readable, handing each to `announce` in log order. */
  markDurable(position: bigint, announce: (event: RecordedEvent) => void): void {
    while (this.durableCount < this.all.length && this.all[this.durableCount].position <= position) {
      announce(this.all[this.durableCount++]);
    }
  }

  private stateOf(stream: string): StreamState {
    let state = this.streams.get(stream);
    if (!state) {
      state = new StreamState(stream);
      this.streams.set(stream, state);
    }
    return state;
  }

  /** How many of the stream's events are durable (only the tail can still be in flight). */
  private durableCountOf(state: StreamState): number {
    const last = this.lastDurablePosition;
    let count = state.count;
    while (count > 0 && state.events[count - 1].position > last) count--;
    return count;
  }

  private isTombstoned(state: StreamState): boolean {
    return state.tombstone !== undefined && state.tombstone.position <= this.lastDurablePosition;
  }

  readStream(stream: string, from: ReadFrom, direction: Direction, maxCount: number): ReadStreamResult {
    const state = this.streams.get(stream);
    if (!state) return { kind: 'not_found' };
    if (this.isTombstoned(state)) return { kind: 'deleted' };
    const upTo = this.durableCountOf(state);
    if (upTo === 0 || state.isSoftDeleted(upTo)) return { kind: 'not_found' };
    const first = state.firstVisible(upTo, this.now());
    return { kind: 'ok', events: readStreamRange(state.events, first, upTo, from, direction, maxCount) };
  }

  readAll(from: ReadFrom, direction: Direction, maxCount: number): readonly RecordedEvent[] {
    const end = this.durableCount;
    if (direction === 'forwards') {
      const start = from === 'start' ? 0 : from === 'end' ? end : lowerBound(this.all, end, from);
      return this.all.slice(start, Math.min(end, start + maxCount));
    }
    // Backwards from a position includes the event at that position.
    const start = from === 'end' ? end - 1 : from === 'start' ? -1 : lowerBound(this.all, end, from + 1n) - 1;
    const result: RecordedEvent[] = [];
    for (let i = start; i >= 0 && result.length < maxCount; i--) result.push(this.all[i]);
    return result;
  }

  resolve(event: RecordedEvent, resolveLinks: boolean): ResolvedEvent {
    if (!resolveLinks || event.type !== LINK_EVENT_TYPE) return { event, position: event.position };
    const target = this.linkTarget(event);
    return target
      ? { event: target, link: event, position: event.position }
      : { link: event, position: event.position };
  }

  /** The event a `$>` link (data `<revision>@<stream>`) points to, while it is still readable. */
  private linkTarget(link: RecordedEvent): RecordedEvent | undefined {
    const text = Buffer.from(link.data).toString('utf8');
    const at = text.indexOf('@');
    if (at <= 0) return undefined;
    const revision = Number(text.slice(0, at));
    const state = this.streams.get(text.slice(at + 1));
    if (!state || !Number.isInteger(revision) || this.isTombstoned(state)) return undefined;
    const upTo = this.durableCountOf(state);
    if (revision >= upTo || revision < state.firstVisible(upTo, this.now())) return undefined;
    return state.events[revision];
  }

  streamRevision(stream: string): bigint | 'no_stream' | 'deleted' {
    const state = this.streams.get(stream);
    if (!state) return 'no_stream';
    if (this.isTombstoned(state)) return 'deleted';
    const upTo = this.durableCountOf(state);
    return upTo === 0 || state.isSoftDeleted(upTo) ? 'no_stream' : BigInt(upTo - 1);
  }

  streamMetadata(stream: string): StreamMetadata {
    return this.streams.get(stream)?.metadata ?? {};
  }
}
