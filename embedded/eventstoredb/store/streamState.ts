// One stream's in-memory index: its events by revision, its ids, its metadata and tombstone.
import type { RecordedEvent, StreamMetadata } from './types.js';

/** EventStoreDB stores a tombstone at revision Int64.MaxValue. */
export const TOMBSTONE_REVISION = 9223372036854775807n;
export const TOMBSTONE_EVENT_TYPE = '$streamDeleted';
export const METADATA_EVENT_TYPE = '$metadata';
export const LINK_EVENT_TYPE = '$>';

/** Soft delete sets `$tb` to Int64.MaxValue (as a JSON number); the next append replaces it with a real revision. */
export const SOFT_DELETED_TB = Number(TOMBSTONE_REVISION);

const TICKS_PER_SECOND = 10_000_000n;

export const isMetastream = (stream: string): boolean => stream.startsWith('$$');
export const metastreamOf = (stream: string): string => `$$${stream}`;
export const streamOfMetastream = (metastream: string): string => metastream.slice(2);

export class StreamState {
  /** Index = revision; includes events appended but not yet durable (see EventStore). */
  readonly events: RecordedEvent[] = [];
  private readonly revisionsById = new Map<string, number>();
  metadata: StreamMetadata = {};
  tombstone: RecordedEvent | undefined;

  constructor(readonly name: string) {}

  get count(): number {
    return this.events.length;
  }

  add(event: RecordedEvent): void {
    this.revisionsById.set(event.id, this.events.length);
    this.events.push(event);
  }

  revisionOfId(id: string): number | undefined {
    return this.revisionsById.get(id);
  }

  /** Metastreams keep only their latest event unless told otherwise, as in EventStoreDB. */
  private effectiveMaxCount(): number | undefined {
    if (typeof this.metadata.$maxCount === 'number') return this.metadata.$maxCount;
    return isMetastream(this.name) ? 1 : undefined;
  }

  /** Soft-deleted by a delete call (not merely truncated by a user's `$tb`): the next append revives it. */
  get hasSoftDeleteMarker(): boolean {
    const tb = this.metadata.$tb;
    return typeof tb === 'number' && tb >= SOFT_DELETED_TB;
  }

  /** True when `$tb` hides every event: the stream reads as missing until the next append. */
  isSoftDeleted(upTo = this.events.length): boolean {
    const tb = this.metadata.$tb;
    return typeof tb === 'number' && upTo > 0 && tb >= upTo;
  }

  /**
   * First revision a reader may see among the first `upTo` events, applying `$tb`,
   * `$maxCount` and `$maxAge` (in seconds) the way a scavenge would, without deleting anything.
   */
  firstVisible(upTo: number, nowTicks: bigint): number {
    let first = 0;
    const tb = this.metadata.$tb;
    if (typeof tb === 'number') first = Math.max(first, Math.min(tb, upTo));
    const maxCount = this.effectiveMaxCount();
    if (maxCount !== undefined) first = Math.max(first, upTo - maxCount);
    const maxAge = this.metadata.$maxAge;
    if (typeof maxAge === 'number') {
      const oldest = nowTicks - BigInt(Math.floor(maxAge)) * TICKS_PER_SECOND;
      while (first < upTo && this.events[first].created < oldest) first++;
    }
    return first;
  }
}

/** Parses the JSON body of a `$metadata` event; anything unreadable counts as no metadata. */
export function parseMetadata(data: Uint8Array): StreamMetadata {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as StreamMetadata) : {};
  } catch {
    return {};
  }
}
