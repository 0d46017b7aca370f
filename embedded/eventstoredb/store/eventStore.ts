// The event log: an in-memory index over every commit, made durable through a Journal before anyone hears of it.
import { randomUUID } from 'node:crypto';
import { decideAppend } from './expectedRevision.js';
import { StoreError } from './errors.js';
import { FileJournal, MemoryJournal, type Journal } from './journal.js';
import {
  LINK_EVENT_TYPE,
  METADATA_EVENT_TYPE,
  SOFT_DELETED_TB,
  StreamState,
  TOMBSTONE_EVENT_TYPE,
  TOMBSTONE_REVISION,
  isMetastream,
  metastreamOf,
  parseMetadata,
  streamOfMetastream,
} from './streamState.js';
import type {
  AppendResult,
  Direction,
  EventLog,
  ExpectedRevision,
  ProposedEvent,
  ReadFrom,
  ReadStreamResult,
  RecordedEvent,
  ResolvedEvent,
  StreamMetadata,
} from './types.js';
import { silentLogger, type Logger } from '../plugin.js';
import { lowerBound, readStreamRange } from './reading.js';

export interface EventStoreOptions {
  /** Keep the log in `<dataDir>/events.log`; memory only when absent. */
  readonly dataDir?: string;
  readonly logger?: Logger;
  /** The clock, in .NET ticks (100 ns) since the Unix epoch. */
  readonly now?: () => bigint;
}

const systemClock = (): bigint => BigInt(Date.now()) * 10_000n;
const JSON_CONTENT = 'application/json';

/**
 * Appends are decided and indexed at once (so that a second append to the same stream sees the
 * first), but readers and listeners only see events up to `durableCount`, which advances when the
 * journal says the commit is on disk.
 */
export class EventStore implements EventLog {
  private readonly streams = new Map<string, StreamState>();
  private readonly all: RecordedEvent[] = [];
  private durableCount = 0;
  private nextPosition = 1n;
  private readonly listeners = new Set<(event: RecordedEvent) => void>();
  private lastWrite: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Set by the first failed write: events indexed after it could never become durable in order. */
  private failure: unknown;

  private constructor(
    private readonly journal: Journal,
    private readonly logger: Logger,
    private readonly now: () => bigint,
  ) {}

  static async open(options: EventStoreOptions = {}): Promise<EventStore> {
    const logger = options.logger ?? silentLogger;
    if (options.dataDir === undefined) return EventStore.over(new MemoryJournal(), [], options);
    const { journal, commits } = await FileJournal.openAndLoad(options.dataDir, logger);
    const store = EventStore.over(journal, commits, options);
    logger('info', 'event log loaded', { dataDir: options.dataDir, commits: commits.length, events: store.all.length });
    return store;
  }

  /** A store over any journal, starting from commits that are already durable. */
  static over(journal: Journal, commits: readonly (readonly RecordedEvent[])[], options: Omit<EventStoreOptions, 'dataDir'> = {}): EventStore {
    const store = new EventStore(journal, options.logger ?? silentLogger, options.now ?? systemClock);
    for (const commit of commits) for (const event of commit) store.index(event);
    store.durableCount = store.all.length;
    return store;
  }

  get lastPosition(): bigint {
    return this.durableCount === 0 ? -1n : this.all[this.durableCount - 1].position;
  }

  async append(stream: string, expected: ExpectedRevision, proposed: readonly ProposedEvent[]): Promise<AppendResult> {
    this.assertOpen();
    const state = this.streams.get(stream);
    const ids = proposed.map((event) => event.id.toLowerCase());
    const decision = decideAppend(state, expected, ids);
    switch (decision.kind) {
      case 'deleted':
        await this.lastWrite;
        return { kind: 'stream_deleted' };
      case 'wrong':
        await this.lastWrite;
        return { kind: 'wrong_expected_version', expected, actual: decision.actual };
      case 'idempotent': {
        const last = (state as StreamState).events[decision.lastIndex];
        await this.lastWrite;
        return { kind: 'success', currentRevision: last.revision, position: last.position };
      }
      case 'append':
        break;
    }
    if (proposed.length === 0) {
      await this.lastWrite;
      const count = state?.count ?? 0;
      return { kind: 'success', currentRevision: BigInt(count - 1), position: this.lastPosition };
    }
    const created = this.now();
    const prefix: RecordedEvent[] = [];
    if (state?.hasSoftDeleteMarker) prefix.push(this.undeleteEvent(state, created));
    const first = BigInt(state?.count ?? 0);
    const events = proposed.map<RecordedEvent>((event, i) => ({
      streamId: stream,
      revision: first + BigInt(i),
      position: 0n,
      id: ids[i],
      type: event.type,
      contentType: event.contentType,
      data: event.data,
      customMetadata: event.customMetadata,
      created,
    }));
    const committed = await this.commit([...prefix, ...events]);
    const last = committed[committed.length - 1];
    return { kind: 'success', currentRevision: last.revision, position: last.position };
  }

  /** Soft delete: `$tb` = Int64.MaxValue in `$$<stream>`, keeping the other metadata keys. */
  async delete(stream: string, expected: ExpectedRevision): Promise<AppendResult> {
    return this.deleteWith(stream, expected, (state) => ({
      ...this.metadataEvent(stream, { ...(state?.metadata ?? {}), $tb: SOFT_DELETED_TB }),
      created: this.now(),
    }));
  }

  /** Hard delete: a `$streamDeleted` event at revision Int64.MaxValue; the stream can never be written again. */
  async tombstone(stream: string, expected: ExpectedRevision): Promise<AppendResult> {
    return this.deleteWith(stream, expected, () => ({
      streamId: stream,
      revision: TOMBSTONE_REVISION,
      position: 0n,
      id: randomUUID(),
      type: TOMBSTONE_EVENT_TYPE,
      contentType: JSON_CONTENT,
      data: new Uint8Array(0),
      customMetadata: new Uint8Array(0),
      created: this.now(),
    }));
  }

  private async deleteWith(
    stream: string,
    expected: ExpectedRevision,
    makeEvent: (state: StreamState | undefined) => RecordedEvent,
  ): Promise<AppendResult> {
    this.assertOpen();
    const state = this.streams.get(stream);
    const decision = decideAppend(state, expected, []);
    if (decision.kind === 'deleted') {
      await this.lastWrite;
      return { kind: 'stream_deleted' };
    }
    if (decision.kind === 'wrong') {
      await this.lastWrite;
      return { kind: 'wrong_expected_version', expected, actual: decision.actual };
    }
    const [event] = await this.commit([makeEvent(state)]);
    return { kind: 'success', currentRevision: event.revision, position: event.position };
  }

  private metadataEvent(stream: string, metadata: StreamMetadata): RecordedEvent {
    const metastream = metastreamOf(stream);
    return {
      streamId: metastream,
      revision: BigInt(this.streams.get(metastream)?.count ?? 0),
      position: 0n,
      id: randomUUID(),
      type: METADATA_EVENT_TYPE,
      contentType: JSON_CONTENT,
      data: Buffer.from(JSON.stringify(metadata)),
      customMetadata: new Uint8Array(0),
      created: this.now(),
    };
  }

  /** Reviving a soft-deleted stream truncates before its next revision, as EventStoreDB does. */
  private undeleteEvent(state: StreamState, created: bigint): RecordedEvent {
    return { ...this.metadataEvent(state.name, { ...state.metadata, $tb: state.count }), created };
  }

  /** Assigns positions, indexes, writes; resolves once durable and announced. */
  private async commit(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const positioned = events.map((event) => ({ ...event, position: this.nextPosition++ }));
    for (const event of positioned) this.index(event);
    const last = positioned[positioned.length - 1].position;
    const write = this.journal.write(positioned).then(
      () => this.markDurable(last),
      (error: unknown) => {
        this.failure ??= error;
        this.logger('error', 'the event log could not write a commit; it refuses appends from now on', { error: String(error) });
        throw new StoreError('log_failed', 'writing the event log failed', { cause: error });
      },
    );
    this.lastWrite = write.catch(() => undefined);
    await write;
    return positioned;
  }

  private index(event: RecordedEvent): void {
    const state = this.stateOf(event.streamId);
    if (event.type === TOMBSTONE_EVENT_TYPE && event.revision === TOMBSTONE_REVISION) state.tombstone = event;
    else state.add(event);
    if (isMetastream(event.streamId) && event.type === METADATA_EVENT_TYPE) {
      this.stateOf(streamOfMetastream(event.streamId)).metadata = parseMetadata(event.data);
    }
    this.all.push(event);
    this.nextPosition = event.position + 1n;
  }

  private markDurable(position: bigint): void {
    while (this.durableCount < this.all.length && this.all[this.durableCount].position <= position) {
      const event = this.all[this.durableCount++];
      for (const listener of this.listeners) {
        try {
          listener(event);
        } catch (error) {
          this.logger('error', 'a commit listener failed', { error: String(error) });
        }
      }
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
    let count = state.count;
    while (count > 0 && state.events[count - 1].position > this.lastPosition) count--;
    return count;
  }

  private isTombstoned(state: StreamState): boolean {
    return state.tombstone !== undefined && state.tombstone.position <= this.lastPosition;
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
    return target ? { event: target, link: event, position: event.position } : { link: event, position: event.position };
  }

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

  onCommitted(listener: (event: RecordedEvent) => void): () => void {
    // Wrapped so that the same function can subscribe twice and unsubscribe each time separately.
    const entry = (event: RecordedEvent): void => listener(event);
    this.listeners.add(entry);
    return () => this.listeners.delete(entry);
  }

  /** Waits for in-flight commits, then closes the file; later appends fail with `log_closed`. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lastWrite;
    this.listeners.clear();
    await this.journal.close();
  }

  private assertOpen(): void {
    if (this.closed) throw new StoreError('log_closed', 'the event log is closed');
    if (this.failure !== undefined) throw new StoreError('log_failed', 'the event log failed an earlier write', { cause: this.failure });
  }
}
