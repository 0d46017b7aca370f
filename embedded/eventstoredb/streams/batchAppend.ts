// Streams.BatchAppend: one long-lived duplex call per client; each append (a correlation) arrives in one or more requests and is answered once.
import * as grpc from '@grpc/grpc-js';
import { invalidArgument, rpcError, unavailable } from '../grpc/errors.js';
import { MAX_BUFFERED_MESSAGES } from '../grpc/responseWriter.js';
import type { Logger } from '../plugin.js';
import type { AppendResult, EventLog } from '../store/types.js';
import { DEFAULT_MAX_APPEND_SIZE } from './append.js';
import type { BatchAppendMessage, Correlation } from './batchAppendRequest.js';
import {
  badRequestStatus,
  encodeFailure,
  encodeSuccess,
  streamDeletedStatus,
  timeoutStatus,
  wrongExpectedVersionStatus,
  type AppendStatus,
} from './batchAppendResponse.js';
import { OpenAppends, type OpenAppend } from './openAppends.js';

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
  private readonly open: OpenAppends;
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
    this.open = new OpenAppends(
      limits,
      (correlation, stream, failure) => this.answer(correlation, stream, failure),
      now,
    );
    call.on('data', (message: BatchAppendMessage) => this.receive(message));
    call.on('end', () => {
      this.clientDone = true;
      this.open.drop();
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

  /**
   * Server shutdown: read nothing more, let appends already handed to the log answer, then end with CANCELLED,
   * as the real server's calls end when it stops (the client fails the appends still open with CancelledError
   * and reconnects, as it does for UNAVAILABLE).
   */
  async stop(): Promise<void> {
    if (this.closed) return;
    this.stopping = true;
    this.call.pause();
    this.open.drop();
    await Promise.allSettled([...this.inFlight]);
    this.fail(rpcError(grpc.status.CANCELLED, undefined, 'Server is shutting down.'));
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
      return this.fail(
        invalidArgument(
          malformed ? `Invalid batch append request: ${malformed}` : 'A batch append request needs a correlation id.',
        ),
      );
    }
    let append = this.open.get(correlation.key);
    if (malformed) {
      const failure = badRequestStatus(`Invalid batch append request: ${malformed}`);
      return append ? this.open.refuse(append, failure) : this.answer(correlation, '', failure);
    }
    if (!append) {
      // Later requests of an append already answered (refused, or timed out) are ignored, as on the real server.
      if (!options)
        return this.logger('debug', 'batch append request for no open append', { correlation: correlation.key });
      append = this.open.begin(correlation, options);
      if (!append) return;
    }
    if (!this.open.add(append, proposed)) return;
    if (!isFinal) return this.open.hold(append);
    this.open.release(append);
    this.write(append);
  }

  private write(append: OpenAppend): void {
    const { correlation, stream, options } = append;
    if (options.deadline !== undefined && options.deadline <= this.now())
      return this.answer(correlation, stream, timeoutStatus());
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

  private fail(error: grpc.ServiceError): void {
    if (this.closed) return;
    this.close();
    this.call.emit('error', error);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.open.drop();
    this.onClosed();
  }
}
