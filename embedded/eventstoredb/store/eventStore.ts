// The event log: decides appends against the index, makes them durable through a Journal, then shows and announces them.
import { decideAppend } from './expectedRevision.js';
import { StoreError } from './errors.js';
import { FileJournal, MemoryJournal, type Journal } from './journal.js';
import { LogIndex } from './logIndex.js';
import { SOFT_DELETED_TB, metastreamOf, type StreamState } from './streamState.js';
import { metadataEvent, tombstoneEvent } from './systemEvents.js';
import type {
  AppendRequest,
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

export interface EventStoreOptions {
  /** Keep the log in `<dataDir>/events.log`; memory only when absent. */
  readonly dataDir?: string;
  readonly logger?: Logger;
  /** The clock, in .NET ticks (100 ns) since the Unix epoch. */
  readonly now?: () => bigint;
}

const systemClock = (): bigint => BigInt(Date.now()) * 10_000n;

const successOf = (committed: readonly RecordedEvent[]): AppendResult => {
  const last = committed[committed.length - 1];
  return { kind: 'success', currentRevision: last.revision, position: last.position };
};

/**
 * Appends are decided and indexed at once (so that a second append to the same stream sees the
 * first), but readers and listeners only see an event once the journal says it is durable.
 */
export class EventStore implements EventLog {
  private readonly index: LogIndex;
  private readonly listeners = new Set<(event: RecordedEvent) => void>();
  private lastWrite: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** Set by the first failed write: events indexed after it could never become durable in order. */
  private failure: unknown;

  private constructor(
    private readonly journal: Journal,
    private readonly logger: Logger,
    private readonly now: () => bigint,
  ) {
    this.index = new LogIndex(now);
  }

  static async open(options: EventStoreOptions = {}): Promise<EventStore> {
    const logger = options.logger ?? silentLogger;
    if (options.dataDir === undefined) return EventStore.over(new MemoryJournal(), [], options);
    const { journal, commits } = await FileJournal.openAndLoad(options.dataDir, logger);
    const store = EventStore.over(journal, commits, options);
    logger('info', 'event log loaded', { dataDir: options.dataDir, commits: commits.length, events: store.index.size });
    return store;
  }

  /** A store over any journal, starting from commits that are already durable. */
  static over(
    journal: Journal,
    commits: readonly (readonly RecordedEvent[])[],
    options: Omit<EventStoreOptions, 'dataDir'> = {},
  ): EventStore {
    const store = new EventStore(journal, options.logger ?? silentLogger, options.now ?? systemClock);
    for (const commit of commits) for (const event of commit) store.index.add(event);
    store.index.markDurable(store.index.nextPosition, () => undefined);
    return store;
  }

  get lastPosition(): bigint {
    return this.index.lastDurablePosition;
  }

  async append(stream: string, expected: ExpectedRevision, proposed: readonly ProposedEvent[]): Promise<AppendResult> {
    this.assertOpen();
    const prepared = this.prepare(stream, expected, proposed);
    if (!Array.isArray(prepared)) return prepared;
    return successOf(await this.commit(prepared));
  }

  /**
   * Several appends decided one after the other (each sees the ones before it) and written as one
   * commit: the same events at the same positions as consecutive `append` calls, for one journal
   * record and one announcement pass instead of one per append.
   */
  async appendMany(appends: readonly AppendRequest[]): Promise<AppendResult[]> {
    this.assertOpen();
    const outcomes: (Promise<AppendResult> | RecordedEvent[])[] = [];
    const staged: RecordedEvent[] = [];
    for (const { stream, expected, events } of appends) {
      const prepared = this.prepare(stream, expected, events);
      if (!Array.isArray(prepared)) {
        outcomes.push(prepared);
        continue;
      }
      const positioned = this.stage(prepared);
      staged.push(...positioned);
      outcomes.push(positioned);
    }
    const written = staged.length > 0 ? this.write(staged) : Promise.resolve();
    return Promise.all(
      outcomes.map((outcome) => (Array.isArray(outcome) ? written.then(() => successOf(outcome)) : outcome)),
    );
  }

  /** The events to commit for an append, or its answer when there is nothing to write. */
  private prepare(
    stream: string,
    expected: ExpectedRevision,
    proposed: readonly ProposedEvent[],
  ): Promise<AppendResult> | RecordedEvent[] {
    const state = this.index.stream(stream);
    const ids = proposed.map((event) => event.id.toLowerCase());
    const decision = decideAppend(state, expected, ids);
    if (decision.kind === 'idempotent') {
      const last = (state as StreamState).events[decision.lastIndex];
      return this.lastWrite.then(() => ({ kind: 'success', currentRevision: last.revision, position: last.position }));
    }
    if (decision.kind !== 'append') return this.refusal(expected, decision);
    if (proposed.length === 0) {
      return this.lastWrite.then(() => ({
        kind: 'success',
        currentRevision: BigInt((state?.count ?? 0) - 1),
        position: this.lastPosition,
      }));
    }
    const created = this.now();
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
    // Reviving a soft-deleted stream truncates before its next revision, in the same commit, as EventStoreDB does.
    if (state?.hasSoftDeleteMarker)
      events.unshift(this.metadataEventFor(stream, { ...state.metadata, $tb: state.count }, created));
    return events;
  }

  /**
   * Soft delete: `$tb` = Int64.MaxValue in `$$<stream>`, keeping the other metadata keys. A stream that never
   * existed (no event, no metadata) is a wrong expected version whatever was expected, as on the real server.
   */
  async delete(stream: string, expected: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    const state = this.index.stream(stream);
    const neverWritten =
      (state?.count ?? 0) === 0 &&
      state?.tombstone === undefined &&
      (this.index.stream(metastreamOf(stream))?.count ?? 0) === 0;
    if (neverWritten) return this.refusal(expected, { kind: 'wrong', actual: 'no_stream' });
    return this.deleteWith(stream, expected, (state, created) =>
      this.metadataEventFor(stream, { ...(state?.metadata ?? {}), $tb: SOFT_DELETED_TB }, created),
    );
  }

  /** Hard delete: a `$streamDeleted` event; the stream can never be written again. */
  tombstone(stream: string, expected: ExpectedRevision): Promise<AppendResult> {
    return this.deleteWith(stream, expected, (_state, created) => tombstoneEvent(stream, created));
  }

  private async deleteWith(
    stream: string,
    expected: ExpectedRevision,
    makeEvent: (state: StreamState | undefined, created: bigint) => RecordedEvent,
  ): Promise<AppendResult> {
    this.assertOpen();
    const state = this.index.stream(stream);
    const decision = decideAppend(state, expected, []);
    if (decision.kind === 'deleted' || decision.kind === 'wrong') return this.refusal(expected, decision);
    const [event] = await this.commit([makeEvent(state, this.now())]);
    return { kind: 'success', currentRevision: event.revision, position: event.position };
  }

  /** Refusals wait for in-flight commits, so that the actual revision they report is durable. */
  private async refusal(
    expected: ExpectedRevision,
    decision: { kind: 'deleted' } | { kind: 'wrong'; actual: bigint | 'no_stream' },
  ): Promise<AppendResult> {
    await this.lastWrite;
    if (decision.kind === 'deleted') return { kind: 'stream_deleted' };
    return { kind: 'wrong_expected_version', expected, actual: decision.actual };
  }

  private metadataEventFor(stream: string, metadata: StreamMetadata, created: bigint): RecordedEvent {
    return metadataEvent(stream, BigInt(this.index.stream(metastreamOf(stream))?.count ?? 0), metadata, created);
  }

  /** Assigns positions, indexes, writes; resolves once durable and announced. */
  private async commit(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const positioned = this.stage(events);
    await this.write(positioned);
    return positioned;
  }

  /** Assigns positions and indexes, so that the next decision sees these events. */
  private stage(events: readonly RecordedEvent[]): RecordedEvent[] {
    let position = this.index.nextPosition;
    const positioned = events.map((event) => ({ ...event, position: position++ }));
    for (const event of positioned) this.index.add(event);
    return positioned;
  }

  /** Writes staged events as one journal record; resolves once durable and announced. */
  private write(positioned: readonly RecordedEvent[]): Promise<void> {
    const last = positioned[positioned.length - 1].position;
    const write = this.journal.write(positioned).then(
      () => this.index.markDurable(last, (event) => this.announce(event)),
      (error: unknown) => {
        this.failure ??= error;
        this.logger('error', 'the event log could not write a commit; it refuses appends from now on', {
          error: String(error),
        });
        throw new StoreError('log_failed', 'writing the event log failed', { cause: error });
      },
    );
    this.lastWrite = write.catch(() => undefined);
    return write;
  }

  private announce(event: RecordedEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger('error', 'a commit listener failed', { error: String(error) });
      }
    }
  }

  readStream(stream: string, from: ReadFrom, direction: Direction, maxCount: number): ReadStreamResult {
    return this.index.readStream(stream, from, direction, maxCount);
  }

  readAll(from: ReadFrom, direction: Direction, maxCount: number): readonly RecordedEvent[] {
    return this.index.readAll(from, direction, maxCount);
  }

  resolve(event: RecordedEvent, resolveLinks: boolean): ResolvedEvent {
    return this.index.resolve(event, resolveLinks);
  }

  streamRevision(stream: string): bigint | 'no_stream' | 'deleted' {
    return this.index.streamRevision(stream);
  }

  streamMetadata(stream: string): StreamMetadata {
    return this.index.streamMetadata(stream);
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
    if (this.failure !== undefined)
      throw new StoreError('log_failed', 'the event log failed an earlier write', { cause: this.failure });
  }
}
