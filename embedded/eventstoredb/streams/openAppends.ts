// The appends of one BatchAppend call whose requests are still arriving: their events, and the call's bytes and slots they hold until complete.
import type { ProposedEvent } from '../store/types.js';
import { eventSizeOnDisk } from './append.js';
import type { ProposedFields } from './appendRequest.js';
import type { BatchAppendLimits } from './batchAppend.js';
import type { BatchAppendOptions, Correlation } from './batchAppendRequest.js';
import {
  badRequestStatus,
  maximumAppendSizeExceededStatus,
  timeoutStatus,
  type AppendStatus,
} from './batchAppendResponse.js';

/** An append whose requests are still arriving, or that is being written. */
export interface OpenAppend {
  readonly correlation: Correlation;
  readonly stream: string;
  readonly options: BatchAppendOptions;
  readonly events: ProposedEvent[];
  size: number;
  /** The part of `size` counted in the call's held bytes. */
  held: number;
  timer?: NodeJS.Timeout;
}

type Answer = (correlation: Correlation, stream: string, failure: AppendStatus) => void;

export class OpenAppends {
  private readonly open = new Map<string, OpenAppend>();
  private heldBytes = 0;

  constructor(
    private readonly limits: Pick<BatchAppendLimits, 'maxAppendSize' | 'maxOpenAppends' | 'maxHeldBytes'>,
    /** How a refused append is answered (the call writes it). */
    private readonly answer: Answer,
    private readonly now: () => number,
  ) {}

  get(key: string): OpenAppend | undefined {
    return this.open.get(key);
  }

  /** A new append from its options, or undefined when it was answered at once. */
  begin(correlation: Correlation, options: BatchAppendOptions): OpenAppend | undefined {
    const { stream } = options;
    if (stream === undefined)
      return void this.answer(correlation, '', badRequestStatus('Required field StreamIdentifier not set.'));
    if (!stream) return void this.answer(correlation, stream, badRequestStatus('The stream name must not be empty.'));
    if (options.deadline !== undefined && options.deadline <= this.now())
      return void this.answer(correlation, stream, timeoutStatus());
    return { correlation, stream, options, events: [], size: 0, held: 0 };
  }

  /** Adds one request's events to its append; false when one of them got the append refused (and answered). */
  add(append: OpenAppend, proposed: readonly ProposedFields[]): boolean {
    for (const message of proposed) {
      const failure = this.addEvent(append, message);
      if (failure === undefined) continue;
      this.refuse(append, failure);
      return false;
    }
    return true;
  }

  /** Keeps an append whose last request is still to come, within the call's limits and until its deadline. */
  hold(append: OpenAppend): void {
    if (this.heldBytes - append.held + append.size > this.limits.maxHeldBytes) {
      return this.refuse(
        append,
        badRequestStatus(`Unfinished appends on this call would hold more than ${this.limits.maxHeldBytes} bytes.`),
      );
    }
    if (!this.open.has(append.correlation.key) && this.open.size >= this.limits.maxOpenAppends) {
      return this.refuse(
        append,
        badRequestStatus(`More than ${this.limits.maxOpenAppends} unfinished appends on this call.`),
      );
    }
    this.heldBytes += append.size - append.held;
    append.held = append.size;
    if (this.open.has(append.correlation.key)) return;
    this.open.set(append.correlation.key, append);
    const { deadline } = append.options;
    if (deadline !== undefined) {
      append.timer = setTimeout(() => this.refuse(append, timeoutStatus()), Math.max(0, deadline - this.now()));
      append.timer.unref();
    }
  }

  /** Forgets an open append (answered or complete) and the bytes it held. */
  release(append: OpenAppend): void {
    if (this.open.get(append.correlation.key) !== append) return;
    this.open.delete(append.correlation.key);
    clearTimeout(append.timer);
    this.heldBytes -= append.held;
    append.held = 0;
  }

  refuse(append: OpenAppend, failure: AppendStatus): void {
    this.release(append);
    this.answer(append.correlation, append.stream, failure);
  }

  /** Forgets every open append without answering (the client is done, or the call is over). */
  drop(): void {
    for (const append of [...this.open.values()]) this.release(append);
    this.heldBytes = 0;
  }

  /** Adds one event to its append, or says why the append is refused. */
  private addEvent(append: OpenAppend, message: ProposedFields): AppendStatus | undefined {
    const type = message.metadata.get('type');
    const contentType = message.metadata.get('content-type');
    // Only an absent key is missing: an empty type (what the Node client sends for `type: undefined`) is stored as is.
    if (type === undefined) return badRequestStatus("Required Metadata Property 'type' is missing");
    if (contentType === undefined) return badRequestStatus("Required Metadata Property 'content-type' is missing");
    const size = eventSizeOnDisk(type, message.data, message.customMetadata);
    append.size += size;
    if (append.size > this.limits.maxAppendSize) return maximumAppendSizeExceededStatus(this.limits.maxAppendSize);
    append.events.push({
      id: message.id,
      type,
      contentType,
      data: message.data,
      customMetadata: message.customMetadata,
    });
    return undefined;
  }
}
