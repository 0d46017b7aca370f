// The embedded EventStoreDB's internal contract: the event log that every gRPC service reads and writes.
// Streams, persistent subscriptions and projections are written against these types only.

/** One event as stored in the log. */
export interface RecordedEvent {
  readonly streamId: string;
  /** 0-based revision within its stream. */
  readonly revision: bigint;
  /** Log position: commit = prepare, strictly increasing across the whole store. */
  readonly position: bigint;
  /** Event id, a UUID string in lower case. */
  readonly id: string;
  readonly type: string;
  /** 'application/json' or 'application/octet-stream'. */
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  /** Creation time in .NET ticks since the Unix epoch (100 ns units), as the client expects. */
  readonly created: bigint;
}

/** The event as a reader sees it: with resolve links, `event` is the target and `link` the `$>` event. */
export interface ResolvedEvent {
  readonly event?: RecordedEvent;
  readonly link?: RecordedEvent;
  /** The log position that identifies this delivery (the link's when there is one). */
  readonly position: bigint;
}

export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** One append of `EventLog.appendMany`. */
export interface AppendRequest {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly ProposedEvent[];
}

export type AppendResult =
  | { readonly kind: 'success'; readonly currentRevision: bigint; readonly position: bigint }
  | {
      readonly kind: 'wrong_expected_version';
      readonly expected: ExpectedRevision;
      /** 'no_stream' when the stream does not exist (or is soft-deleted). */
      readonly actual: bigint | 'no_stream';
    }
  | { readonly kind: 'stream_deleted' };

export type ReadStreamResult =
  | { readonly kind: 'ok'; readonly events: readonly RecordedEvent[] }
  | { readonly kind: 'not_found' }
  | { readonly kind: 'deleted' };

export type ReadFrom = 'start' | 'end' | bigint;
export type Direction = 'forwards' | 'backwards';

/** Stream metadata as stored in `$$<stream>` (only the keys the store acts on are typed). */
export interface StreamMetadata {
  readonly $maxCount?: number;
  readonly $maxAge?: number;
  readonly $tb?: number;
  readonly [key: string]: unknown;
}

export interface EventLog {
  /** Appends atomically; resolves only once the events are durable (fsync'd when a data directory is set). */
  append(stream: string, expected: ExpectedRevision, events: readonly ProposedEvent[]): Promise<AppendResult>;
  /**
   * Appends decided in order, as consecutive `append` calls would be (same events, same positions),
   * made durable together as one commit; one result per append, in order.
   */
  appendMany(appends: readonly AppendRequest[]): Promise<AppendResult[]>;
  /**
   * Soft delete: writes `$tb` into `$$<stream>`; reads then find no stream, and the next append
   * revives it with continuing revisions. Answers like `append` (success position = the metadata event's).
   */
  delete(stream: string, expected: ExpectedRevision): Promise<AppendResult>;
  /** Hard delete: afterwards reads, appends and subscriptions of the stream fail with stream_deleted. */
  tombstone(stream: string, expected: ExpectedRevision): Promise<AppendResult>;
  /** Reads a stream by revision; `from` is inclusive; honours `$maxCount`/`$tb` truncation. */
  readStream(stream: string, from: ReadFrom, direction: Direction, maxCount: number): ReadStreamResult;
  /** Reads `$all` by position; `from` is inclusive. */
  readAll(from: ReadFrom, direction: Direction, maxCount: number): readonly RecordedEvent[];
  /** Follows a `$>` link (data `<revision>@<stream>`) to its target; other events come back as they are. */
  resolve(event: RecordedEvent, resolveLinks: boolean): ResolvedEvent;
  /** The last revision of a stream, 'no_stream' when missing or soft-deleted, 'deleted' when tombstoned. */
  streamRevision(stream: string): bigint | 'no_stream' | 'deleted';
  /** Current metadata of a stream (empty object when none). */
  streamMetadata(stream: string): StreamMetadata;
  /** Position of the last event in the log, or -1n when empty. */
  readonly lastPosition: bigint;
  /**
   * Calls `listener` with every event committed from now on, in log order, after it is durable.
   * Returns the unsubscribe function.
   */
  onCommitted(listener: (event: RecordedEvent) => void): () => void;
}
