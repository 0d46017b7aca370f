// Bounded reads of the event store for the inspector's pages: one slice of a stream or of `$all`, never the whole of either.
import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  type EventStoreDBClient,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { toShown, type ShownEvent, type TargetEvent } from './shown-event.js';

export type { ShownEvent, TargetEvent } from './shown-event.js';

/** `$all` is not a stream, but the inspector pages through it like one. */
export const ALL_STREAM = '$all';

/** Where a page of a stream starts: the newest events, the oldest, or before or after a revision/position. */
export type PageStart =
  | { readonly kind: 'newest' }
  | { readonly kind: 'oldest' }
  | { readonly kind: 'before' | 'after'; readonly at: string };

export interface EventPage {
  /** Newest first, whichever way the slice was read. */
  readonly events: readonly ShownEvent[];
  /** Cursors for the next older and newer pages; null at either end. */
  readonly older: string | null;
  readonly newer: string | null;
}

export class StreamMissingError extends Error {
  readonly code = 'StreamMissing';
  constructor(
    readonly stream: string,
    readonly deleted: boolean,
  ) {
    super(deleted ? `Stream ${stream} is deleted` : `Stream ${stream} does not exist`);
  }
}

/** Positions travel in URLs as `commit_prepare` (they differ on a real server). */
export const positionCursor = (position: Position): string => `${position.commit}_${position.prepare}`;

function parsePosition(cursor: string): Position | null {
  const match = /^(\d{1,20})_(\d{1,20})$/.exec(cursor);
  return match ? { commit: BigInt(match[1]!), prepare: BigInt(match[2]!) } : null;
}

/**
 * The server keeps revisions as signed 64-bit numbers, so none lies above 2^63-1; above it (the client refuses past
 * 2^64-1, and a page after a revision reads from one more) a cursor is unreadable, not a failed read.
 */
const MAX_REVISION = 2n ** 63n - 1n;

function parseRevision(cursor: string): bigint | null {
  if (!/^\d{1,20}$/.test(cursor)) return null;
  const revision = BigInt(cursor);
  return revision <= MAX_REVISION ? revision : null;
}

/** An unreadable cursor means the newest page rather than an error: it only ever comes from an edited URL. */
export function pageStart(query: { before?: unknown; after?: unknown; oldest?: unknown }): PageStart {
  if (typeof query.before === 'string') return { kind: 'before', at: query.before };
  if (typeof query.after === 'string') return { kind: 'after', at: query.after };
  if (query.oldest !== undefined) return { kind: 'oldest' };
  return { kind: 'newest' };
}

/** Consumed to its end (bounded by maxCount): an abandoned read keeps the client's dispose() waiting. */
async function collect(reads: AsyncIterable<ResolvedEvent>): Promise<ShownEvent[]> {
  const events: ShownEvent[] = [];
  for await (const resolved of reads) {
    const event = toShown(resolved);
    if (event) events.push(event);
  }
  return events;
}

const LINK_DATA = /^(\d+)@(.+)$/s;

/**
 * A link resolves one step only; a link to a link (the server parks the `$et-` link a group was given) is followed
 * one step further, with one bounded read, so the page shows the event itself.
 */
async function throughLinks(client: EventStoreDBClient, events: ShownEvent[]): Promise<ShownEvent[]> {
  return Promise.all(
    events.map(async (event) => {
      const inner = event.target;
      const pointer = inner?.type === '$>' && typeof inner.data === 'string' ? LINK_DATA.exec(inner.data) : null;
      if (!inner || !pointer) return event;
      try {
        const [found] = await collect(
          client.readStream(pointer[2]!, { fromRevision: BigInt(pointer[1]!), maxCount: 1 }),
        );
        return found
          ? { ...event, target: found as TargetEvent, via: { stream: inner.stream, revision: inner.revision } }
          : event;
      } catch (error) {
        if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError)
          return { ...event, target: null };
        throw error;
      }
    }),
  );
}

/** Reads one more than the page holds, to know whether another page lies beyond it. */
function pageOf(
  read: ShownEvent[],
  size: number,
  backwards: boolean,
  cursorOf: (event: ShownEvent) => string,
  fromHead: boolean,
  fromTail: boolean,
): EventPage {
  const more = read.length > size;
  const slice = read.slice(0, size);
  const events = backwards ? slice : slice.reverse();
  const newest = events[0];
  const oldest = events.at(-1);
  const hasOlder = backwards ? more : !fromTail;
  const hasNewer = backwards ? !fromHead : more;
  return {
    events,
    older: hasOlder && oldest ? cursorOf(oldest) : null,
    newer: hasNewer && newest ? cursorOf(newest) : null,
  };
}

export async function readStreamPage(
  client: EventStoreDBClient,
  stream: string,
  start: PageStart,
  size: number,
): Promise<EventPage> {
  if (stream === ALL_STREAM) return readAllPage(client, start, size);
  const { forwards, fromRevision } = streamSlice(start);
  try {
    const read = await throughLinks(
      client,
      await collect(
        client.readStream(stream, {
          direction: forwards ? FORWARDS : BACKWARDS,
          fromRevision,
          maxCount: size + 1,
          resolveLinkTos: true,
        }),
      ),
    );
    return pageOf(
      read,
      size,
      !forwards,
      (event) => event.revision.toString(),
      fromRevision === END,
      fromRevision === START,
    );
  } catch (error) {
    if (error instanceof StreamNotFoundError) throw new StreamMissingError(stream, false);
    if (error instanceof StreamDeletedError) throw new StreamMissingError(stream, true);
    throw error;
  }
}

function streamSlice(start: PageStart): { forwards: boolean; fromRevision: bigint | typeof START | typeof END } {
  if (start.kind === 'oldest') return { forwards: true, fromRevision: START };
  const at = start.kind === 'newest' ? null : parseRevision(start.at);
  if (at === null) return { forwards: false, fromRevision: END };
  if (start.kind === 'after') return { forwards: true, fromRevision: at + 1n };
  return { forwards: false, fromRevision: at > 0n ? at - 1n : 0n };
}

/** `$all` pages by position; reading backwards from a position starts just before it, forwards at it. */
async function readAllPage(client: EventStoreDBClient, start: PageStart, size: number): Promise<EventPage> {
  const at = start.kind === 'before' || start.kind === 'after' ? parsePosition(start.at) : null;
  const forwards = start.kind === 'oldest' || (start.kind === 'after' && at !== null);
  const fromPosition = start.kind === 'oldest' ? START : (at ?? END);
  const read = await collect(
    client.readAll({
      direction: forwards ? FORWARDS : BACKWARDS,
      fromPosition,
      maxCount: size + 2,
      resolveLinkTos: true,
    }),
  );
  // Forwards from a position includes the event at it, which the page before already showed.
  const fresh = start.kind === 'after' && at ? read.filter((event) => event.position?.commit !== at.commit) : read;
  const cursor = (event: ShownEvent) => (event.position ? positionCursor(event.position) : '');
  return pageOf(fresh.slice(0, size + 1), size, !forwards, cursor, fromPosition === END, fromPosition === START);
}

/** The position of the last event in `$all`, or null on an empty store. */
export async function lastPosition(client: EventStoreDBClient): Promise<Position | null> {
  const [last] = await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }));
  return last?.position ?? null;
}

/** The streams written most recently (system streams left out), newest first, from the last `scan` events of `$all`. */
export async function recentStreams(client: EventStoreDBClient, scan: number, limit: number): Promise<ShownEvent[]> {
  const seen = new Map<string, ShownEvent>();
  for (const event of await collect(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: scan }))) {
    if (event.stream.startsWith('$') || seen.has(event.stream)) continue;
    seen.set(event.stream, event);
  }
  return [...seen.values()].slice(0, limit);
}

/** The last revision of a stream, or null when it has none. */
export async function lastRevision(client: EventStoreDBClient, stream: string): Promise<bigint | null> {
  try {
    const [last] = await collect(client.readStream(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }));
    return last?.revision ?? null;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return null;
    throw error;
  }
}
