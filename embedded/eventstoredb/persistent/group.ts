// A running subscription group: reads its source, hands messages to consumers, and handles acks, retries and parks.
import type { Logger } from '../plugin.js';
import type { EventLog, RecordedEvent } from '../store/types.js';
import { CheckpointTracker } from './checkpoint-tracker.js';
import { Consumer, type ConsumerConnection } from './consumer.js';
import { formatPosition, keyOf, parsePosition, sourceName, type GroupDefinition } from './definition.js';
import { groupDropped, maximumSubscribersReached, type PersistentSubscriptionError } from './errors.js';
import { GroupStreams } from './group-streams.js';
import { InFlightMessages } from './in-flight.js';
import type { Message } from './message.js';
import { SourceFeed } from './feed.js';
import { ParkedReplay } from './parked-replay.js';
import { RetryQueue } from './retry-queue.js';
import { strategyFor, type ConsumerStrategy } from './strategy.js';

export type NackAction = 'park' | 'retry' | 'skip' | 'stop';

/** Messages handed out in one go before yielding, so one busy group cannot starve the event loop. */
const PUMP_BUDGET = 2_000;

export class SubscriptionGroup {
  readonly key: string;
  readonly streams: GroupStreams;
  private readonly strategy: ConsumerStrategy;
  private readonly consumers: Consumer[] = [];
  private readonly inFlight = new InFlightMessages();
  private readonly retries: RetryQueue;
  private readonly tracker: CheckpointTracker;
  private readonly feed: SourceFeed;
  private stopped = false;
  private pumpScheduled = false;
  private nextConsumerId = 1;
  private measuredAt: number;
  totalItems = 0;
  countSinceLastMeasurement = 0;

  constructor(
    readonly definition: GroupDefinition,
    private readonly log: EventLog,
    logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {
    this.key = keyOf(definition);
    this.streams = new GroupStreams(log, this.key, logger);
    this.strategy = strategyFor(definition.settings.strategy);
    this.retries = new RetryQueue(definition.settings.readBatchSize);
    this.measuredAt = clock();
    // Resume after the last checkpoint when there is one, else start where the definition says.
    const saved = this.streams.readCheckpoint();
    const checkpoint = saved === undefined ? undefined : parsePosition(definition.source, saved);
    this.tracker = new CheckpointTracker(checkpoint, clock());
    this.feed = new SourceFeed(log, definition, checkpoint, (key) => this.tracker.load(key));
  }

  get consumerList(): readonly Consumer[] {
    return this.consumers;
  }

  connect(connection: ConsumerConnection, bufferSize: number): Consumer | PersistentSubscriptionError {
    const max = this.definition.settings.maxSubscriberCount;
    if (max > 0 && this.consumers.length >= max) {
      return maximumSubscribersReached(sourceName(this.definition.source), this.definition.group);
    }
    const consumer = new Consumer(this.nextConsumerId, Math.max(1, bufferSize), connection);
    this.nextConsumerId += 1;
    this.consumers.push(consumer);
    this.schedulePump();
    return consumer;
  }

  /** A consumer went away: what it held goes back to the others at once. */
  disconnect(consumer: Consumer): void {
    const index = this.consumers.indexOf(consumer);
    if (index < 0) return;
    this.consumers.splice(index, 1);
    for (const message of this.inFlight.releaseAll(consumer)) this.retryOrPark(message, 'Consumer disconnected');
    this.schedulePump();
  }

  ack(ids: readonly string[]): void {
    for (const id of ids) {
      const message = this.inFlight.release(id);
      if (message) this.finish(message);
    }
    this.checkpoint(false);
    this.schedulePump();
  }

  nack(ids: readonly string[], action: NackAction, reason: string): void {
    // Stop leaves the messages in flight: they come back when they time out.
    if (action === 'stop') return;
    for (const id of ids) {
      const message = this.inFlight.release(id);
      if (!message) continue;
      if (action === 'skip') this.finish(message);
      else if (action === 'park') this.park(message, reason);
      else this.retryOrPark(message, reason);
    }
    this.checkpoint(false);
    this.schedulePump();
  }

  /** Timer: time out messages held too long and write a checkpoint when it is due. */
  tick(): void {
    const timeout = this.definition.settings.messageTimeoutMs;
    if (timeout > 0) {
      for (const message of this.inFlight.releaseExpired(this.clock())) {
        this.retryOrPark(message, `Message timed out after ${timeout} ms`);
      }
    }
    this.checkpoint(true);
    this.schedulePump();
  }

  onCommitted(event: RecordedEvent): void {
    if (!this.stopped && this.feed.offer(event)) this.schedulePump();
  }

  replayParked(stopAt: bigint | undefined): void {
    this.retries.replayParked(
      new ParkedReplay(this.log, this.definition, this.streams, stopAt ?? this.streams.parkedEnd()),
    );
    this.schedulePump();
  }

  /** Ends every consumer's call (delete, update, restart, shutdown); the group reads nothing more. */
  stop(
    error: PersistentSubscriptionError = groupDropped(sourceName(this.definition.source), this.definition.group),
  ): void {
    this.stopped = true;
    for (const consumer of this.consumers.splice(0)) consumer.connection.drop(error);
    this.inFlight.clear();
    this.retries.clear();
    this.feed.clear();
  }

  get status(): string {
    if (this.retries.replaying) return 'ReplayingParkedMessages';
    return this.feed.isLive ? 'Live' : 'Behind';
  }

  get counts(): { ready: number; retry: number; inFlight: number } {
    return { ready: this.feed.buffered, retry: this.retries.length, inFlight: this.inFlight.size };
  }

  get lastCheckpoint(): string {
    const key = this.tracker.lastCheckpoint;
    return key === undefined ? '' : formatPosition(this.definition.source, key);
  }

  /** Seconds since the previous measurement; starts a new one. */
  measure(): number {
    const now = this.clock();
    const seconds = Math.max((now - this.measuredAt) / 1000, 0.001);
    this.measuredAt = now;
    return seconds;
  }

  /** Last revision of the source stream, or last log position for `$all`. */
  lastKnownKey(): bigint | undefined {
    return this.feed.lastKnownKey();
  }

  private finish(message: Message): void {
    if (message.sequence !== undefined) this.tracker.finish(message.sequence);
  }

  private park(message: Message, reason: string): void {
    this.streams.park(message.original, reason);
    this.finish(message);
  }

  private retryOrPark(message: Message, reason: string): void {
    if (message.retryCount >= this.definition.settings.maxRetryCount) {
      this.park(message, `Reached retry count of ${this.definition.settings.maxRetryCount}: ${reason}`);
      return;
    }
    message.retryCount += 1;
    this.retries.push(message);
  }

  private checkpoint(onTimer: boolean): void {
    const key = this.tracker.due(this.clock(), onTimer, this.definition.settings);
    if (key !== undefined) this.streams.writeCheckpoint(formatPosition(this.definition.source, key));
  }

  private schedulePump(): void {
    if (this.pumpScheduled || this.stopped || this.consumers.length === 0) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  /** Hands out retries first, then new messages, while some consumer has room. */
  private pump(): void {
    const timeout = this.definition.settings.messageTimeoutMs;
    const deadline = timeout > 0 ? this.clock() + timeout : Infinity;
    for (let sent = 0; sent < PUMP_BUDGET && !this.stopped; sent += 1) {
      const retry = this.retries.peek(this.inFlight);
      const message = retry ?? this.feed.peek();
      if (!message) {
        // A sparse `$all` filter may need more windows than one pass reads: continue on the next turn.
        if (this.feed.behind) this.schedulePump();
        return;
      }
      const consumer = this.strategy(this.consumers, message.pinStream);
      if (!consumer) return;
      if (retry) this.retries.shift();
      else this.feed.shift();
      this.inFlight.add(message, consumer, deadline);
      consumer.totalItems += 1;
      consumer.countSinceLastMeasurement += 1;
      this.totalItems += 1;
      this.countSinceLastMeasurement += 1;
      consumer.connection.deliver(message);
    }
    this.schedulePump();
  }
}
