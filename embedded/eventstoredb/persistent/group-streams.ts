// The streams a subscription group keeps in the log: its checkpoint stream and its parked-messages stream.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../plugin.js';
import type { EventLog, ProposedEvent, RecordedEvent } from '../store/types.js';
import { CHECKPOINT_EVENT_TYPE, checkpointStream, parkedStream } from './definition.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const empty = new Uint8Array(0);

const jsonEvent = (type: string, value: unknown): ProposedEvent => ({
  id: randomUUID(),
  type,
  contentType: 'application/json',
  data: encoder.encode(JSON.stringify(value)),
  customMetadata: empty,
});

/** Writes one stream's metadata, keeping the keys already there. */
async function writeMetadata(log: EventLog, stream: string, changes: Record<string, unknown>): Promise<void> {
  await log.append(`$$${stream}`, 'any', [jsonEvent('$metadata', { ...log.streamMetadata(stream), ...changes })]);
}

export class GroupStreams {
  readonly checkpoint: string;
  readonly parked: string;
  /** Writes are chained so that a later checkpoint never lands before an earlier one. */
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: EventLog,
    key: string,
    private readonly logger: Logger,
  ) {
    this.checkpoint = checkpointStream(key);
    this.parked = parkedStream(key);
  }

  /** The text of the last checkpoint (a revision, or `C:x/P:y` for `$all`), if one was written. */
  readCheckpoint(): string | undefined {
    const result = this.log.readStream(this.checkpoint, 'end', 'backwards', 1);
    if (result.kind !== 'ok' || result.events.length === 0) return undefined;
    try {
      const value: unknown = JSON.parse(decoder.decode(result.events[0].data));
      return typeof value === 'string' ? value : undefined;
    } catch {
      return undefined;
    }
  }

  writeCheckpoint(text: string): void {
    this.enqueue(async () => {
      if (this.log.streamMetadata(this.checkpoint).$maxCount !== 2) {
        await writeMetadata(this.log, this.checkpoint, { $maxCount: 2 });
      }
      await this.log.append(this.checkpoint, 'any', [jsonEvent(CHECKPOINT_EVENT_TYPE, text)]);
    });
  }

  /** Parks a message as a `$>` link to the event as it sits in the source. */
  park(original: RecordedEvent, reason: string): void {
    const link: ProposedEvent = {
      id: randomUUID(),
      type: '$>',
      contentType: 'application/octet-stream',
      data: encoder.encode(`${original.revision}@${original.streamId}`),
      customMetadata: encoder.encode(JSON.stringify({ reason })),
    };
    this.enqueue(() => this.log.append(this.parked, 'any', [link]).then(() => undefined));
  }

  /** Number of parked messages not yet replayed. */
  parkedCount(): number {
    const last = this.log.streamRevision(this.parked);
    if (typeof last !== 'bigint') return 0;
    const truncatedBefore = BigInt(this.log.streamMetadata(this.parked).$tb ?? 0);
    return Math.max(0, Number(last + 1n - truncatedBefore));
  }

  /** The revision after the last parked message. */
  parkedEnd(): bigint {
    const last = this.log.streamRevision(this.parked);
    return typeof last === 'bigint' ? last + 1n : 0n;
  }

  /** Parked links from `from` (inclusive, a revision in the parked stream), at most `max`. */
  readParked(from: bigint | 'start', max: number): readonly RecordedEvent[] {
    const result = this.log.readStream(this.parked, from, 'forwards', max);
    return result.kind === 'ok' ? result.events : [];
  }

  /** Hides parked messages before `revision` once they have been replayed. */
  truncateParked(revision: bigint): void {
    this.enqueue(() => writeMetadata(this.log, this.parked, { $tb: Number(revision) }));
  }

  /** Deletes both streams, as the real server does, so a group created later under the same name starts afresh. */
  forget(): void {
    for (const stream of [this.checkpoint, this.parked]) {
      this.enqueue(async () => {
        if (typeof this.log.streamRevision(stream) === 'bigint') await this.log.delete(stream, 'any');
      });
    }
  }

  /** Resolves once every write queued so far is durable. */
  flushed(): Promise<void> {
    return this.tail;
  }

  private enqueue(write: () => Promise<void>): void {
    this.tail = this.tail.then(write).catch((error: unknown) => {
      this.logger('error', 'persistent subscription write failed', { stream: this.checkpoint, error: String(error) });
    });
  }
}
