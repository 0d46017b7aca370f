// Streams.BatchAppend: one long-lived duplex call per client; each append (a correlation) arrives in one or more requests and is answered once.
import * as grpc from '@grpc/grpc-js';
import { invalidArgument, rpcError, unavailable } from '../grpc/errors.js';
import { MAX_BUFFERED_MESSAGES } from '../grpc/responseWriter.js';
import type { Logger } from '../plugin.js';
import type { AppendResult, EventLog, ProposedEvent } from '../store/types.js';
import { DEFAULT_MAX_APPEND_SIZE, eventSizeOnDisk } from './append.js';
import type { BatchAppendMessage, BatchAppendOptions, Correlation } from './batchAppendRequest.js';
import {
  badRequestStatus,
  encodeFailure,
  encodeSuccess,
  maximumAppendSizeExceededStatus,
  streamDeletedStatus,
  timeoutStatus,
  wrongExpectedVersionStatus,
  type AppendStatus,
} from './batchAppendResponse.js';

export interface BatchAppendLimits {
  /** Sum of `eventSizeOnDisk` over one append (the whole correlation). */
  readonly maxAppendSize: number;
  /** Appends whose last request has not come yet, per call. */
  readonly maxOpenAppends: number;
  /** Bytes (as `eventSizeOnDisk` counts them) held for those appends, per call. */
  readonly maxHeldBytes: number;
  /** Appends handed to the log and not yet answered; past it the call stops reading until some finish. */
  readonly maxInFlight: number;
}

/** An append whose requests are still arriving, or that is being written. */
interface OpenAppend {
  readonly correlation: Correlation;
  readonly stream: string;
  readonly options: BatchAppendOptions;
  readonly events: ProposedEvent[];
  size: number;
  /** The part of `size` counted in the call's held bytes. */
  held: number;
  timer?: NodeJS.Timeout;
}

type DuplexCall = grpc.ServerDuplexStream<BatchAppendMessage, Buffer>;

/** Defaults: the real server's append limit; the others bound what one client can make this server hold. */
export const DEFAULT_BATCH_APPEND_LIMITS: BatchAppendLimits = {
  maxAppendSize: DEFAULT_MAX_APPEND_SIZE,
  maxOpenAppends: 256,
  maxHeldBytes: 32 * 1024 * 1024,
  maxInFlight: 1_024,
};

/**
 * One client's call. Appends of different correlations go to the log as their last request arrives,
 * without waiting for each other; the log decides them in arrival order, so appends to one stream
 * get their revisions (and answers) in the order the client sent them.
 */
export class BatchAppendCall {
  private readonly open = new Map<string, OpenAppend>();
  private heldBytes = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private closed = false;
  private stopping = false;
  private clientDone = false;
  private waitingForDrain = false;

  constructor(
    private readonly call: DuplexCall,
    private readonly log: EventLog,
    private readonly logger: Logger,
    private readonly limits: BatchAppendLimits,
    /** Called once when the call is over, however it ended. */
    private readonly onClosed: () => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {
    call.on('data', (message: BatchAppendMessage) => this.receive(message));
    call.on('end', () => {
      this.clientDone = true;
      this.dropOpen();
      this.endIfIdle();
    });
    call.on('drain', () => {
      this.waitingForDrain = false;
      this.flow();
    });
    const close = (): void => this.close();
    call.on('cancelled', close);
    call.on('close', close);
    call.on('error', (error: Error) => {
      this.logger('debug', 'batch append call failed', { error: error.message });
      close();
    });
  }

  /** Server shutdown: read nothing more, let appends already handed to the log answer, then end with UNAVAILABLE. */
  async stop(): Promise<void> {
    if (this.closed) return;
    this.stopping = true;
    this.call.pause();
    this.dropOpen();
    await Promise.allSettled([...this.inFlight]);
    this.fail(unavailable('Server is shutting down.'));
  }

  private receive(message: BatchAppendMessage): void {
    if (this.closed || this.stopping) return;
    try {
      this.handle(message);
    } catch (error) {
      // Nothing here should throw; if it does, it costs this call, never the process.
      this.logger('error', 'batch append request failed', { error: String(error) });
      this.fail(rpcError(grpc.status.INTERNAL, undefined, 'The append request could not be handled.'));
    }
  }

  private handle({ correlation, options, proposed, isFinal, malformed }: BatchAppendMessage): void {
    if (!correlation) {
      // Without a correlation id nothing can be answered, so only the call can fail.
      return this.fail(invalidArgument(malformed ? `Invalid batch append request: ${malformed}` : 'A batch append request needs a correlation id.'));
    }
    let append = this.open.get(correlation.key);
    if (malformed) {
      const failure = badRequestStatus(`Invalid batch append request: ${malformed}`);
      return append ? this.refuse(append, failure) : this.answer(correlation, '', failure);
    }
    if (!append) {
      // Later requests of an append already answered (refused, or timed out) are ignored, as on the real server.
      if (!options) return this.logger('debug', 'batch append request for no open append', { correlation: correlation.key });
      append = this.begin(correlation, options);
      if (!append) return;
    }
    for (const message of proposed) {
      const type = message.metadata.get('type');
      const contentType = message.metadata.get('content-type');
      // Only an absent key is missing: an empty type (what the Node client sends for `type: undefined`) is stored as is.
      if (type === undefined) return this.refuse(append, badRequestStatus("Required Metadata Property 'type' is missing"));
      if (contentType === undefined) return this.refuse(append, badRequestStatus("Required Metadata Property 'content-type' is missing"));
      const size = eventSizeOnDisk(type, message.data, message.customMetadata);
      append.size += size;
      if (append.size > this.limits.maxAppendSize) return this.refuse(append, maximumAppendSizeExceededStatus(this.limits.maxAppendSize));
      append.events.push({ id: message.id, type, contentType, data: message.data, customMetadata: message.customMetadata });
    }
    if (!isFinal) return this.hold(append);
    this.release(append);
    this.write(append);
  }

  /** A new append from its options, or undefined when it was answered at once. */
  private begin(correlation: Correlation, options: BatchAppendOptions): OpenAppend | undefined {
    const { stream } = options;
    if (stream === undefined) return void this.answer(correlation, '', badRequestStatus('Required field StreamIdentifier not set.'));
    if (!stream) return void this.answer(correlation, stream, badRequestStatus('The stream name must not be empty.'));
    if (options.deadline !== undefined && options.deadline <= this.now()) return void this.answer(correlation, stream, timeoutStatus());
    return { correlation, stream, options, events: [], size: 0, held: 0 };
  }

  /** Keeps an append whose last request is still to come, within the call's limits and until its deadline. */
  private hold(append: OpenAppend): void {
    if (this.heldBytes - append.held + append.size > this.limits.maxHeldBytes) {
      return this.refuse(append, badRequestStatus(`Unfinished appends on this call would hold more than ${this.limits.maxHeldBytes} bytes.`));
    }
    if (!this.open.has(append.correlation.key) && this.open.size >= this.limits.maxOpenAppends) {
      return this.refuse(append, badRequestStatus(`More than ${this.limits.maxOpenAppends} unfinished appends on this call.`));
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
  private release(append: OpenAppend): void {
    if (this.open.get(append.correlation.key) !== append) return;
    this.open.delete(append.correlation.key);
    clearTimeout(append.timer);
    this.heldBytes -= append.held;
    append.held = 0;
  }

  private refuse(append: OpenAppend, failure: AppendStatus): void {
    this.release(append);
    this.answer(append.correlation, append.stream, failure);
  }

  private write(append: OpenAppend): void {
    const { correlation, stream, options } = append;
    if (options.deadline !== undefined && options.deadline <= this.now()) return this.answer(correlation, stream, timeoutStatus());
    const done = this.log.append(stream, options.expected, append.events).then(
      (result) => this.answerResult(append, result),
      (error: unknown) => {
        this.logger('error', 'append failed', { stream, error: String(error) });
        this.fail(unavailable('The event log could not store the append.'));
      },
    );
    this.inFlight.add(done);
    void done.finally(() => {
      this.inFlight.delete(done);
      this.flow();
      this.endIfIdle();
    });
    this.flow();
  }

  private answerResult(append: OpenAppend, result: AppendResult): void {
    const { correlation, stream, options } = append;
    switch (result.kind) {
      case 'success':
        return this.send(encodeSuccess(correlation.bytes, stream, result.currentRevision, result.position));
      case 'wrong_expected_version':
        return this.answer(correlation, stream, wrongExpectedVersionStatus(options.expected, result.actual));
      case 'stream_deleted':
        return this.answer(correlation, stream, streamDeletedStatus(stream));
    }
  }

  private answer(correlation: Correlation, stream: string, failure: AppendStatus): void {
    this.send(encodeFailure(correlation.bytes, stream, failure));
  }

  /** Like ResponseWriter, lets a few hundred answers wait in the call's buffer before it stops reading. */
  private send(response: Buffer): void {
    if (this.closed) return;
    if (!this.call.write(response) && this.call.writableLength >= MAX_BUFFERED_MESSAGES) this.waitingForDrain = true;
    this.flow();
  }

  /** Reads requests only while answers can be written and the log keeps up: the call never buffers without bound. */
  private flow(): void {
    if (this.closed || this.stopping) return;
    const busy = this.waitingForDrain || this.inFlight.size >= this.limits.maxInFlight;
    if (busy && !this.call.isPaused()) this.call.pause();
    else if (!busy && this.call.isPaused()) this.call.resume();
  }

  /** The client has finished sending and every append is answered: end with OK, as the real server does. */
  private endIfIdle(): void {
    if (this.closed || !this.clientDone || this.inFlight.size > 0) return;
    this.close();
    this.call.end();
  }

  private dropOpen(): void {
    for (const append of [...this.open.values()]) this.release(append);
    this.heldBytes = 0;
  }

  private fail(error: grpc.ServiceError): void {
    if (this.closed) return;
    this.close();
    this.call.emit('error', error);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.dropOpen();
    this.onClosed();
  }
}
