// A catch-up subscription: confirmation, past events, caught_up, then live events, read from the log at the reader's pace.
import { randomUUID } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { eventResponse, type ReadRespOrBytes } from '../grpc/convert.js';
import { rpcError, streamDeleted } from '../grpc/errors.js';
import { streamsPb } from '../grpc/protocol.js';
import type { ResponseWriter } from '../grpc/responseWriter.js';
import type { Logger } from '../plugin.js';
import type { EventLog, RecordedEvent } from '../store/types.js';
import { PAGE_SIZE } from './boundedRead.js';
import { passes } from './filter.js';
import type { ReadRequest } from './readRequest.js';

type ReadResp = ReadRespOrBytes;

/**
 * Nothing is queued per subscriber: the log is the buffer. A commit only wakes the pump, which
 * reads from the cursor onwards and stops writing whenever the transport is full (backpressure),
 * so a slow consumer costs one cursor, not a growing queue.
 */
export class CatchUpSubscription {
  /** Stream: the next revision to deliver. `$all`: the lowest position not yet delivered. */
  private cursor = 0n;
  private pumping = false;
  private wakeAgain = false;
  private caughtUp = false;
  private considered = 0;

  constructor(
    private readonly log: EventLog,
    private readonly request: ReadRequest,
    private readonly writer: ResponseWriter<ReadResp>,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    if (!this.initCursor()) return;
    const confirmation = new streamsPb.ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID());
    if (!(await this.writer.write(new streamsPb.ReadResp().setConfirmation(confirmation)))) return;
    const unsubscribe = this.log.onCommitted(() => this.wake());
    this.writer.onClose(unsubscribe);
    this.wake();
  }

  /** Ends the call (server shutdown). */
  stop(): void {
    this.writer.end();
  }

  private initCursor(): boolean {
    const { source } = this.request;
    if (source.kind === 'all') {
      if (source.from === 'start') this.cursor = 0n;
      else if (source.from === 'end') this.cursor = this.log.lastPosition + 1n;
      else this.cursor = source.from + 1n;
      return true;
    }
    if (source.from === 'start') this.cursor = 0n;
    else if (typeof source.from === 'bigint') this.cursor = source.from + 1n;
    else {
      const revision = this.log.streamRevision(source.stream);
      if (revision === 'deleted') {
        this.writer.fail(streamDeleted(source.stream));
        return false;
      }
      this.cursor = revision === 'no_stream' ? 0n : revision + 1n;
    }
    return true;
  }

  private wake(): void {
    if (this.pumping) {
      this.wakeAgain = true;
      return;
    }
    void this.pump();
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      do {
        this.wakeAgain = false;
        await this.deliverAvailable();
      } while (this.wakeAgain && this.writer.isOpen);
    } catch (error) {
      this.logger('error', 'catch-up subscription failed', { error: String(error) });
      this.writer.fail(rpcError(grpc.status.INTERNAL, undefined, 'Subscription failed.'));
    } finally {
      this.pumping = false;
    }
  }

  private async deliverAvailable(): Promise<void> {
    while (this.writer.isOpen) {
      const page = this.nextPage();
      if (page === undefined) return;
      for (const event of page) {
        const sent = this.deliver(event);
        if (sent !== true && !(await sent)) return;
      }
      if (page.length < PAGE_SIZE) {
        if (!this.caughtUp) {
          this.caughtUp = true;
          await this.writer.write(new streamsPb.ReadResp().setCaughtUp(new streamsPb.ReadResp.CaughtUp()));
        }
        return;
      }
    }
  }

  /** Undefined when the subscription ended (stream tombstoned). */
  private nextPage(): readonly RecordedEvent[] | undefined {
    const { source } = this.request;
    if (source.kind === 'all') return this.log.readAll(this.cursor, 'forwards', PAGE_SIZE);
    const result = this.log.readStream(source.stream, this.cursor, 'forwards', PAGE_SIZE);
    if (result.kind === 'deleted') {
      this.writer.fail(streamDeleted(source.stream));
      return undefined;
    }
    // A missing or soft-deleted stream is simply waited for.
    return result.kind === 'ok' ? result.events : [];
  }

  /** True at once while the transport has room; a promise only when it must drain first. */
  private deliver(event: RecordedEvent): boolean | Promise<boolean> {
    const { request } = this;
    this.cursor = request.source.kind === 'all' ? event.position + 1n : event.revision + 1n;
    if (!request.filter) return this.send(event);
    this.considered++;
    const checkpointDue = this.considered % request.filter.checkpointEvery === 0;
    const sent = passes(request.filter, event) ? this.send(event) : true;
    if (!checkpointDue || sent === false) return sent;
    if (sent === true) return this.checkpoint(event.position);
    return sent.then((open) => open && this.checkpoint(event.position));
  }

  private send(event: RecordedEvent): boolean | Promise<boolean> {
    return this.writer.write(
      eventResponse(this.log.resolve(event, this.request.resolveLinks), this.request.uuidFormat),
    );
  }

  private checkpoint(position: bigint): boolean | Promise<boolean> {
    const checkpoint = new streamsPb.ReadResp.Checkpoint()
      .setCommitPosition(position.toString())
      .setPreparePosition(position.toString());
    return this.writer.write(new streamsPb.ReadResp().setCheckpoint(checkpoint));
  }
}
