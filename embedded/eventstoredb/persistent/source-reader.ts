// Reads a group's source from the log in bounded windows and recognises the live events that continue it.
import type { EventLog, RecordedEvent } from '../store/types.js';
import type { GroupDefinition } from './definition.js';
import { matcherFor, type EventMatcher } from './filter.js';

export interface SourceWindow {
  /** Events of the source, in order, each with its key (revision or position). */
  readonly events: readonly { event: RecordedEvent; key: bigint }[];
  /** Key to read from next time (inclusive). */
  readonly next: bigint;
  /** True when the read reached the end of the log: later events will come through `onCommitted`. */
  readonly atEnd: boolean;
}

/** A `$all` read scans at most SCAN_WINDOWS × SCAN_CHUNK events for a sparse filter before yielding the event loop. */
const SCAN_WINDOWS = 8;
const SCAN_CHUNK = 256;

export class SourceReader {
  private readonly matches: EventMatcher;

  constructor(
    private readonly log: EventLog,
    private readonly definition: GroupDefinition,
  ) {
    this.matches = definition.source.kind === 'all' ? matcherFor(definition.source.filter) : () => true;
  }

  /** First key after the current end of the source: where a group that starts at END begins. */
  endKey(): bigint {
    const source = this.definition.source;
    if (source.kind === 'all') return this.log.lastPosition + 1n;
    const revision = this.log.streamRevision(source.stream);
    return typeof revision === 'bigint' ? revision + 1n : 0n;
  }

  read(from: bigint, max: number): SourceWindow {
    const source = this.definition.source;
    if (source.kind === 'stream') {
      const result = this.log.readStream(source.stream, from, 'forwards', max);
      if (result.kind !== 'ok' || result.events.length === 0) return { events: [], next: from, atEnd: true };
      const last = result.events[result.events.length - 1];
      return {
        events: result.events.map((event) => ({ event, key: event.revision })),
        next: last.revision + 1n,
        atEnd: result.events.length < max,
      };
    }
    const events: { event: RecordedEvent; key: bigint }[] = [];
    let next = from;
    const chunk = Math.max(max, SCAN_CHUNK);
    for (let scanned = 0; scanned < SCAN_WINDOWS && events.length < max; scanned += 1) {
      const raw = this.log.readAll(next, 'forwards', chunk);
      for (const event of raw) {
        next = event.position + 1n;
        if (this.matches(event)) events.push({ event, key: event.position });
        if (events.length >= max) return { events, next, atEnd: false };
      }
      if (raw.length < chunk) return { events, next, atEnd: true };
    }
    return { events, next, atEnd: false };
  }

  /**
   * Classifies a freshly committed event against the read cursor: `take` it when it is the very next
   * event of the source, `ignore` it when it is not in the source or already read, `gap` when
   * something between cursor and event was missed and must be read from the log, `pass` when a
   * `$all` group's cursor may move past it because its filter rejects it.
   */
  classify(event: RecordedEvent, cursor: bigint): 'take' | 'ignore' | 'gap' | 'pass' {
    const source = this.definition.source;
    if (source.kind === 'stream') {
      if (event.streamId !== source.stream || event.revision < cursor) return 'ignore';
      return event.revision === cursor ? 'take' : 'gap';
    }
    if (event.position < cursor) return 'ignore';
    return this.matches(event) ? 'take' : 'pass';
  }

  keyOf(event: RecordedEvent): bigint {
    return this.definition.source.kind === 'stream' ? event.revision : event.position;
  }
}
