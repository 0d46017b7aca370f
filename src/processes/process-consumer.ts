// Runs one process on its persistent subscription: ack after the effects, retry with backoff, park, resubscribe.
import type {
  EventStoreDBClient,
  PersistentSubscriptionToAll,
  PersistentSubscriptionToAllResolvedEvent,
  PersistentSubscriptionToStream,
  PersistentSubscriptionToStreamResolvedEvent,
} from '@eventstore/db-client';
import type { Logger } from 'winston';
import { runInContext } from '../context.js';
import { equalJitterDelay, sleep, type BackoffPolicy } from '../core/exponential-backoff.js';
import { ALL, ensureConsumerGroup, isMissingGroup, type ConsumerGroup } from './consumer-group.js';
import { RetryLater, toProcessMessage, UnprocessableMessage, type ProcessMessage } from './process-message.js';
import { TurnAcks } from './turn-acks.js';
import { failureName } from '../store-failures.js';

/** Retries of failed messages and resubscriptions: from 100 ms, doubling, up to 5 s. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 5000 };

export interface ProcessDefinition {
  readonly name: string;
  readonly group: ConsumerGroup;
  /** Appends the step's effects; resolves once they are stored. Throws to have the message retried or parked. */
  handle(message: ProcessMessage): Promise<void>;
}

export interface ProcessConsumerOptions {
  readonly client: EventStoreDBClient;
  readonly logger: Logger;
  /** Messages in flight per consumer: how many of this process's steps run at once in this instance. */
  readonly bufferSize?: number;
  readonly backoff?: BackoffPolicy;
}

export interface ConsumerStatus {
  readonly name: string;
  readonly stream: string;
  /** The event types a `$all` group is fed. */
  readonly eventTypes?: readonly string[];
  readonly group: string;
  readonly subscribed: boolean;
  readonly inFlight: number;
  readonly handled: number;
  readonly retried: number;
  readonly parked: number;
  readonly resubscriptions: number;
  readonly lastError: string | null;
}

// Deliveries from a group on a stream and from one on `$all` are handled alike.
type Subscription = PersistentSubscriptionToStream | PersistentSubscriptionToAll;
type Delivery = PersistentSubscriptionToStreamResolvedEvent | PersistentSubscriptionToAllResolvedEvent;

export class ProcessConsumer {
  private subscription: Subscription | undefined;
  private subscribed = false;
  private stopping = false;
  private attempt = 0;
  private resubscribeTimer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();
  private counts = { handled: 0, retried: 0, parked: 0, resubscriptions: 0 };
  private lastError: string | null = null;
  private readonly stopSignal = new AbortController();
  private readonly acks = new TurnAcks<Subscription, Delivery>();

  constructor(
    private readonly process: ProcessDefinition,
    private readonly options: ProcessConsumerOptions,
  ) {}

  /**
   * Never throws: an event store that is not reachable yet (or refuses the group) is retried with backoff
   * like a dropped subscription, and GET /ready says so meanwhile.
   */
  async start(): Promise<void> {
    try {
      const outcome = await ensureConsumerGroup(this.options.client, this.process.group);
      this.options.logger.info('process consumer group ready', {
        process: this.process.name,
        ...this.groupFields(),
        ...outcome,
      });
      this.subscribe();
    } catch (error) {
      this.scheduleResubscribe(error as Error, true);
    }
  }

  /** Stops taking messages and waits for those in flight, so that their effects are acked rather than redone. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopSignal.abort();
    clearTimeout(this.resubscribeTimer);
    await Promise.allSettled([...this.inFlight]);
    const subscription = this.subscription;
    this.subscription = undefined;
    this.subscribed = false;
    await subscription?.unsubscribe().catch(() => undefined);
  }

  status(): ConsumerStatus {
    return {
      name: this.process.name,
      ...this.groupFields(),
      subscribed: this.subscribed,
      inFlight: this.inFlight.size,
      ...this.counts,
      lastError: this.lastError,
    };
  }

  private groupFields() {
    const { stream, eventTypes, group } = this.process.group;
    return { stream, ...(eventTypes ? { eventTypes } : {}), group };
  }

  private subscribe(): void {
    const { stream, group } = this.process.group;
    const options = { bufferSize: this.options.bufferSize ?? 32 };
    const subscription: Subscription =
      stream === ALL
        ? this.options.client.subscribeToPersistentSubscriptionToAll(group, options)
        : this.options.client.subscribeToPersistentSubscriptionToStream(stream, group, options);
    this.subscription = subscription;
    subscription.on('confirmation', () => {
      this.subscribed = true;
      this.attempt = 0;
      this.options.logger.info('process subscribed', { process: this.process.name, stream, group });
    });
    subscription.on('data', (delivery: Delivery) => {
      // Once stopping, a new delivery is left alone: the server gives it to another consumer when this one leaves.
      if (!this.stopping) this.track(this.deliver(subscription, delivery));
    });
    subscription.on('error', (error: Error) => this.dropped(subscription, error));
    subscription.on('end', () => this.dropped(subscription, new Error('the server ended the subscription')));
  }

  /**
   * The 6.2.1 client does not resubscribe by itself. Deliveries still in flight on the dropped subscription
   * cannot be acked any more; the server redelivers them, and the steps being idempotent, that is harmless.
   */
  private dropped(subscription: Subscription, error: Error): void {
    if (subscription !== this.subscription || this.stopping) return;
    this.subscription = undefined;
    this.subscribed = false;
    subscription.removeAllListeners('data');
    subscription.unsubscribe().catch(() => undefined);
    this.scheduleResubscribe(error);
  }

  private scheduleResubscribe(error: Error, ensureGroup = isMissingGroup(error)): void {
    this.lastError = failureName(error);
    const delay = equalJitterDelay(this.attempt++, this.options.backoff ?? DEFAULT_BACKOFF);
    this.options.logger.warn('process subscription down; subscribing again', {
      process: this.process.name,
      error: error.message,
      delayMs: delay,
    });
    this.resubscribeTimer = setTimeout(() => void this.resubscribe(ensureGroup), delay);
  }

  private async resubscribe(groupMissing: boolean): Promise<void> {
    if (this.stopping) return;
    this.counts.resubscriptions += 1;
    try {
      // Someone deleted the group, or it was never made: (re)create it, from the start; the steps are idempotent.
      if (groupMissing) await ensureConsumerGroup(this.options.client, this.process.group);
      this.subscribe();
    } catch (error) {
      this.scheduleResubscribe(error as Error, true);
    }
  }

  private track(work: Promise<void>): void {
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
  }

  private async deliver(subscription: Subscription, delivery: Delivery): Promise<void> {
    let message: ProcessMessage | undefined;
    try {
      message = toProcessMessage(delivery);
      if (message !== undefined) {
        const step = message;
        // Every log line of the step, the command handler's included, names the booking's correlation id.
        await runInContext({ correlationId: step.correlationId }, () => this.process.handle(step));
      }
      this.counts.handled += 1;
    } catch (error) {
      await this.failed(subscription, delivery, message, error).catch((nackError: Error) =>
        this.unanswered('nack', nackError),
      );
      return;
    }
    await this.acks.ack(subscription, delivery).catch((error: Error) => this.unanswered('ack', error));
  }

  /** An ack or nack that cannot be sent (the subscription dropped): the server redelivers the message. */
  private unanswered(what: 'ack' | 'nack', error: Error): void {
    this.options.logger.debug(`could not ${what}; the server will redeliver`, {
      process: this.process.name,
      error: error.message,
    });
  }

  private async failed(
    subscription: Subscription,
    delivery: Delivery,
    message: ProcessMessage | undefined,
    error: unknown,
  ) {
    const reason =
      error instanceof Error ? `${(error as { code?: string }).code ?? error.name}: ${error.message}` : String(error);
    const fields = {
      process: this.process.name,
      correlationId: message?.correlationId,
      eventId: message?.eventId ?? delivery.event?.id,
      retryCount: delivery.retryCount,
      reason,
    };
    this.lastError = failureName(error);
    if (error instanceof UnprocessableMessage) {
      this.counts.parked += 1;
      this.options.logger.error('process step cannot handle this message; parking it', fields);
      await subscription.nack('park', reason, delivery);
      return;
    }
    // Backing off before the nack keeps a failing dependency from being hammered; the server counts the
    // retries and parks the message at the group's maxRetryCount.
    this.counts.retried += 1;
    const level = error instanceof RetryLater ? 'info' : 'warn';
    this.options.logger.log(level, 'process step failed; retrying after a backoff', fields);
    await sleep(equalJitterDelay(delivery.retryCount, this.options.backoff ?? DEFAULT_BACKOFF), this.stopSignal.signal);
    await subscription.nack('retry', reason, delivery);
  }
}
