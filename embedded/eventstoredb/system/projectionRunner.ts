// Runs the system projections: each, while enabled, catches up from where its last link points, then follows new commits.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../plugin.js';
import { LINK_EVENT_TYPE } from '../store/streamState.js';
import type { AppendRequest, EventLog, ProposedEvent, RecordedEvent } from '../store/types.js';
import { SYSTEM_PROJECTIONS, linksTo, sourcePositionOf, type SystemProjection } from './systemProjections.js';

const SCAN_PAGE = 1024;

/** System streams (`$…`) are never indexed: that keeps projections from indexing their own links. */
const isIndexable = (event: RecordedEvent): boolean =>
  !event.streamId.startsWith('$') && event.type !== LINK_EVENT_TYPE;

/**
 * For each projection, the position of the last source event it wrote for (-1n when none). Writes at log
 * positions below the projection's `since` (its last reset) belong to an earlier epoch and do not count.
 */
function checkpoints(
  log: EventLog,
  projections: readonly SystemProjection[],
  since: ReadonlyMap<string, bigint>,
): Map<SystemProjection, bigint> {
  const found = new Map<SystemProjection, bigint>();
  let from: bigint | 'end' = 'end';
  while (found.size < projections.length) {
    const page = log.readAll(from, 'backwards', SCAN_PAGE);
    for (const event of page) {
      if (!event.streamId.startsWith('$')) continue;
      const projection = projections.find((p) => !found.has(p) && p.writes === event.type && p.owns(event.streamId));
      if (projection === undefined) continue;
      if (event.position < (since.get(projection.name) ?? -1n)) {
        found.set(projection, -1n);
        continue;
      }
      const source = sourcePositionOf(event);
      if (source !== undefined) found.set(projection, source);
    }
    if (page.length < SCAN_PAGE) break;
    from = page[page.length - 1].position - 1n;
  }
  for (const projection of projections) if (!found.has(projection)) found.set(projection, -1n);
  return found;
}

export class SystemProjectionRunner {
  /** Position of the last source event each projection has considered. */
  private readonly done: Map<SystemProjection, bigint>;
  private readonly running = new Set<SystemProjection>();
  private readonly processed = new Map<SystemProjection, number>();
  /**
   * Links decided during one turn, per projection, as runs of consecutive links to the same stream.
   * Appending each projection's runs in source order means a torn write can only lose a projection's
   * latest links, which the checkpoint scan at the next start then finds missing and writes again.
   */
  private pending = new Map<SystemProjection, { stream: string; links: ProposedEvent[] }[]>();
  private scheduled = false;
  private flushing: Promise<unknown> = Promise.resolve();
  private closed = false;
  /** The link maker of the event being projected: the links of one event share their bytes across projections. */
  private links: { event: RecordedEvent; writes: SystemProjection['writes']; make: () => ProposedEvent } | undefined;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly log: EventLog,
    private readonly logger: Logger,
    resetAt: ReadonlyMap<string, bigint> = new Map(),
    projections: readonly SystemProjection[] = SYSTEM_PROJECTIONS,
  ) {
    this.done = checkpoints(log, projections, resetAt);
    this.unsubscribe = log.onCommitted((event) => {
      for (const projection of this.running) this.project(projection, event);
    });
  }

  isRunning(projection: SystemProjection): boolean {
    return this.running.has(projection);
  }

  /** Log position of the last event the projection considered, -1n before the first. */
  position(projection: SystemProjection): bigint {
    return this.done.get(projection) ?? -1n;
  }

  eventsProcessed(projection: SystemProjection): number {
    return this.processed.get(projection) ?? 0;
  }

  /** Starts the projections given: each catches up from its checkpoint (all in one pass of the log), then follows it. */
  start(projections: readonly SystemProjection[]): void {
    const starting = projections.filter((projection) => !this.running.has(projection));
    if (starting.length === 0 || this.closed) return;
    // The log is read synchronously up to its end, so no commit can slip between this catch-up and the live feed.
    const lowest = starting.map((p) => this.position(p)).reduce((a, b) => (a < b ? a : b));
    let replayed = 0;
    for (let from = lowest + 1n; ;) {
      const page = this.log.readAll(from, 'forwards', SCAN_PAGE);
      for (const event of page) for (const projection of starting) this.project(projection, event);
      replayed += page.length;
      if (page.length < SCAN_PAGE) break;
      from = page[page.length - 1].position + 1n;
    }
    for (const projection of starting) this.running.add(projection);
    if (replayed > 0)
      this.logger('debug', 'system projections caught up', {
        events: replayed,
        projections: starting.map((p) => p.name),
      });
  }

  /** Stops feeding the projection's streams; links already decided are still written. */
  stop(projection: SystemProjection): void {
    this.running.delete(projection);
  }

  /**
   * Reset: the projection starts again from the first event. Its streams are truncated before their next
   * revision (as the real server does when a new epoch first writes to an emitted stream), so that the
   * links written again are not read twice. The projection must be stopped.
   */
  async reset(projection: SystemProjection): Promise<void> {
    if (this.scheduled) this.flush();
    await this.flushing;
    const owned = new Set<string>();
    for (let from = 0n; ;) {
      const page = this.log.readAll(from, 'forwards', SCAN_PAGE);
      for (const event of page)
        if (event.type === projection.writes && projection.owns(event.streamId)) owned.add(event.streamId);
      if (page.length < SCAN_PAGE) break;
      from = page[page.length - 1].position + 1n;
    }
    const truncations: AppendRequest[] = [];
    for (const stream of owned) {
      const revision = this.log.streamRevision(stream);
      if (typeof revision !== 'bigint') continue;
      const metadata = { ...this.log.streamMetadata(stream), $tb: Number(revision + 1n) };
      const data = Buffer.from(JSON.stringify(metadata));
      truncations.push({ stream: `$$${stream}`, expected: 'any', events: [metadataEvent(data)] });
    }
    if (truncations.length > 0) await this.log.appendMany(truncations);
    this.done.set(projection, -1n);
    this.processed.set(projection, 0);
  }

  /** Stops following the log and waits for the links already decided to be written. */
  async close(): Promise<void> {
    this.closed = true;
    this.running.clear();
    this.unsubscribe();
    if (this.scheduled) this.flush();
    await this.flushing;
  }

  private project(projection: SystemProjection, event: RecordedEvent): void {
    if (event.position <= this.position(projection)) return;
    this.done.set(projection, event.position);
    if (!isIndexable(event)) return;
    this.processed.set(projection, this.eventsProcessed(projection) + 1);
    const stream = projection.linkStream(event);
    if (stream === undefined) return;
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(() => this.flush());
    }
    const runs = this.pending.get(projection) ?? [];
    const last = runs[runs.length - 1];
    if (this.links?.event !== event || this.links.writes !== projection.writes) {
      this.links = { event, writes: projection.writes, make: linksTo(event, projection.writes) };
    }
    const link = this.links.make();
    if (last?.stream === stream) last.links.push(link);
    else runs.push({ stream, links: [link] });
    this.pending.set(projection, runs);
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = new Map();
    this.scheduled = false;
    const appends: AppendRequest[] = [];
    for (const runs of batch.values()) {
      for (const { stream, links } of runs) appends.push({ stream, expected: 'any', events: links });
    }
    if (appends.length === 0) return;
    // One commit for the turn's links: the same positions as one append per run, at a fraction of the cost.
    const written = this.log.appendMany(appends).catch((error: unknown) => {
      if (!this.closed) {
        const streams = appends.map((append) => append.stream).join(', ');
        this.logger('error', 'a system projection could not write its links', {
          stream: streams,
          error: String(error),
        });
      }
    });
    this.flushing = Promise.all([this.flushing, written]);
  }
}

function metadataEvent(data: Uint8Array): ProposedEvent {
  return {
    id: randomUUID(),
    type: '$metadata',
    contentType: 'application/json',
    data,
    customMetadata: new Uint8Array(),
  };
}
