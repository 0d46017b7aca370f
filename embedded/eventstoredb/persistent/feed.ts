// The supply of new messages for a group: history read in windows, then live events, never more than the buffers hold.
import type { EventLog, RecordedEvent } from '../store/types.js';
import type { GroupDefinition } from './definition.js';
import { messageFrom, type Message } from './message.js';
import { SourceReader } from './source-reader.js';

export class SourceFeed {
  private readonly reader: SourceReader;
  private queue: Message[] = [];
  private cursor: bigint;
  private live = false;

  /**
   * `resumeAfter` is the group's checkpoint, if it has one; `sequence` numbers each message as it
   * is loaded, for the checkpoint tracker.
   */
  constructor(
    private readonly log: EventLog,
    private readonly definition: GroupDefinition,
    resumeAfter: bigint | undefined,
    private readonly sequence: (key: bigint) => number,
  ) {
    this.reader = new SourceReader(log, definition);
    const from = definition.startFrom;
    this.cursor =
      resumeAfter !== undefined
        ? resumeAfter + 1n
        : from === 'start'
          ? 0n
          : from === 'end'
            ? this.reader.endKey()
            : from;
  }

  /** Live: every earlier event was read, newer ones arrive through `offer`. */
  get isLive(): boolean {
    return this.live;
  }

  get buffered(): number {
    return this.queue.length;
  }

  /** Last revision of the source stream, or last log position for `$all`. */
  lastKnownKey(): bigint | undefined {
    const end = this.reader.endKey();
    return end > 0n ? end - 1n : undefined;
  }

  /** The next message not yet handed out, reading the next window of history when the buffer is empty. */
  peek(): Message | undefined {
    if (this.queue.length === 0) this.readWindow();
    return this.queue[0];
  }

  shift(): void {
    this.queue.shift();
  }

  /** True when the feed has stopped short of the end and wants another turn (a sparse `$all` filter). */
  get behind(): boolean {
    return !this.live && this.queue.length === 0;
  }

  /**
   * A freshly committed event. Returns true when it may have made a message available. Past the
   * live buffer the feed drops back to reading the log, so a slow group holds at most that many.
   */
  offer(event: RecordedEvent): boolean {
    const verdict = this.reader.classify(event, this.cursor);
    if (verdict === 'ignore') return false;
    if (!this.live) return true;
    if (verdict === 'pass') {
      this.cursor = event.position + 1n;
      return false;
    }
    if (verdict === 'gap' || this.queue.length >= this.definition.settings.liveBufferSize) {
      this.live = false;
      return true;
    }
    const key = this.reader.keyOf(event);
    this.cursor = key + 1n;
    this.push(event, key);
    return true;
  }

  clear(): void {
    this.queue = [];
  }

  private readWindow(): void {
    const { readBatchSize, historyBufferSize } = this.definition.settings;
    while (!this.live && this.queue.length === 0) {
      const window = this.reader.read(this.cursor, Math.min(readBatchSize, historyBufferSize));
      this.cursor = window.next;
      for (const { event, key } of window.events) this.push(event, key);
      if (window.atEnd) this.live = this.definition.source.kind === 'stream' || this.cursor > this.log.lastPosition;
      if (window.events.length === 0 && !window.atEnd) return;
    }
  }

  private push(event: RecordedEvent, key: bigint): void {
    const resolved = this.log.resolve(event, this.definition.settings.resolveLinkTos);
    this.queue.push(messageFrom(event, resolved, key, this.sequence(key)));
  }
}
