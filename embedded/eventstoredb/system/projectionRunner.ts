// Runs the system projections: catches up from where their last links point, then follows new commits.
import type { Logger } from '../plugin.js';
import { LINK_EVENT_TYPE } from '../store/streamState.js';
import type { AppendRequest, EventLog, ProposedEvent, RecordedEvent } from '../store/types.js';
import { SYSTEM_PROJECTIONS, linksTo, sourcePositionOf, type SystemProjection } from './systemProjections.js';

const SCAN_PAGE = 1024;

export interface ProjectionRunner {
  /** Stops following the log and waits for the links already decided to be written. */
  stop(): Promise<void>;
}

/** System streams (`$…`) are never indexed: that keeps projections from indexing their own links. */
const isIndexable = (event: RecordedEvent): boolean => !event.streamId.startsWith('$') && event.type !== LINK_EVENT_TYPE;

/** For each projection, the position of the last source event it linked (-1n when none). */
function checkpoints(log: EventLog, projections: readonly SystemProjection[]): Map<SystemProjection, bigint> {
  const found = new Map<SystemProjection, bigint>();
  let from: bigint | 'end' = 'end';
  while (found.size < projections.length) {
    const page = log.readAll(from, 'backwards', SCAN_PAGE);
    for (const event of page) {
      if (event.type !== LINK_EVENT_TYPE) continue;
      const projection = projections.find((p) => !found.has(p) && event.streamId.startsWith(p.prefix));
      const source = projection && sourcePositionOf(event);
      if (projection && source !== undefined) found.set(projection, source);
    }
    if (page.length < SCAN_PAGE) break;
    from = page[page.length - 1].position - 1n;
  }
  for (const projection of projections) if (!found.has(projection)) found.set(projection, -1n);
  return found;
}

export function startSystemProjections(log: EventLog, logger: Logger, projections = SYSTEM_PROJECTIONS): ProjectionRunner {
  /**
   * Links decided during one turn, per projection, as runs of consecutive links to the same stream.
   * Appending each projection's runs in source order means a torn write can only lose a projection's
   * latest links, which the checkpoint scan at the next start then finds missing and writes again.
   */
  let pending = new Map<SystemProjection, { stream: string; links: ProposedEvent[] }[]>();
  let scheduled = false;
  let flushing: Promise<unknown> = Promise.resolve();
  let stopped = false;

  const flush = (): void => {
    const batch = pending;
    pending = new Map();
    scheduled = false;
    const appends: AppendRequest[] = [];
    for (const runs of batch.values()) {
      for (const { stream, links } of runs) appends.push({ stream, expected: 'any', events: links });
    }
    // One commit for the turn's links: the same positions as one append per run, at a fraction of the cost.
    const written = log.appendMany(appends).catch((error: unknown) => {
      if (!stopped) {
        const streams = appends.map((append) => append.stream).join(', ');
        logger('error', 'a system projection could not write its links', { stream: streams, error: String(error) });
      }
    });
    flushing = Promise.all([flushing, written]);
  };

  const project = (event: RecordedEvent, after: Map<SystemProjection, bigint>): void => {
    if (!isIndexable(event)) return;
    let link: (() => ProposedEvent) | undefined;
    for (const projection of projections) {
      if (event.position <= (after.get(projection) ?? -1n)) continue;
      const stream = projection.linkStream(event);
      if (stream === undefined) continue;
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(flush);
      }
      const runs = pending.get(projection) ?? [];
      const last = runs[runs.length - 1];
      link ??= linksTo(event);
      if (last?.stream === stream) last.links.push(link());
      else runs.push({ stream, links: [link()] });
      pending.set(projection, runs);
    }
  };

  const done = checkpoints(log, projections);
  const lowest = [...done.values()].reduce((a, b) => (a < b ? a : b));
  let replayed = 0;
  for (let from = lowest + 1n; ; ) {
    const page = log.readAll(from, 'forwards', SCAN_PAGE);
    for (const event of page) project(event, done);
    replayed += page.length;
    if (page.length < SCAN_PAGE) break;
    from = page[page.length - 1].position + 1n;
  }
  if (replayed > 0) logger('debug', 'system projections caught up', { events: replayed });

  const none = new Map<SystemProjection, bigint>();
  const unsubscribe = log.onCommitted((event) => project(event, none));
  return {
    async stop() {
      stopped = true;
      unsubscribe();
      if (scheduled) flush();
      await flushing;
    },
  };
}
