// The booking expiration process: every interval, expire the Confirmed bookings the view shows past their hold.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'winston';
import type { Clock } from '../core/clock.js';
import type { BookingDocument } from '../view/booking-document.js';
import { failureName } from '../store-failures.js';

export interface ExpirerOptions {
  /** Confirmed bookings due by `now`, at most `limit`: the view's `due_for_expiry` query. */
  readonly dueForExpiry: (now: Date, limit: number) => Promise<readonly BookingDocument[]>;
  /** Sends ExpireBooking; a refusal (not due after all, settled meanwhile) must come back as `false`, not throw. */
  readonly expire: (booking: BookingDocument, now: Date, tickId: string) => Promise<boolean>;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly intervalMs: number;
  /**
   * False while the view is known to be incomplete (being rebuilt): a booking missing from it would not be expired,
   * so the tick waits rather than act on part of the truth. Absent: always complete.
   */
  readonly isViewComplete?: () => boolean;
  /** Bookings per tick: a backlog is worked off over several ticks instead of one unbounded burst. */
  readonly batchSize?: number;
}

export interface ExpirerStatus {
  readonly ticks: number;
  readonly skippedTicks: number;
  /** Ticks that did nothing because the view was being rebuilt. */
  readonly viewIncompleteTicks: number;
  readonly expired: number;
  readonly lastTickAt: string | null;
  readonly lastError: string | null;
}

/**
 * Several instances may run this at once: each expiry is a command on the booking's stream with its expected
 * revision, so the second one finds the booking Expired and decides nothing. That is why no lock is taken.
 */
export class BookingExpirer {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private counts = { ticks: 0, skippedTicks: 0, viewIncompleteTicks: 0, expired: 0 };
  private lastTickAt: string | null = null;
  private lastError: string | null = null;

  constructor(private readonly options: ExpirerOptions) {}

  start(): void {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  status(): ExpirerStatus {
    return { ...this.counts, lastTickAt: this.lastTickAt, lastError: this.lastError };
  }

  /** A tick that finds the previous one still running does nothing: ticks never overlap. */
  tick(): Promise<void> {
    if (this.running) {
      this.counts.skippedTicks += 1;
      return this.running;
    }
    if (this.options.isViewComplete && !this.options.isViewComplete()) {
      this.counts.viewIncompleteTicks += 1;
      return Promise.resolve();
    }
    this.running = this.expireDue().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async expireDue(): Promise<void> {
    const { clock, logger, batchSize = 100 } = this.options;
    const now = clock.now();
    const tickId = randomUUID();
    this.counts.ticks += 1;
    this.lastTickAt = now.toISOString();
    try {
      const due = await this.options.dueForExpiry(now, batchSize);
      const results = await Promise.all(due.map((booking) => this.options.expire(booking, now, tickId)));
      const expired = results.filter(Boolean).length;
      this.counts.expired += expired;
      if (due.length > 0) logger.info('booking expiration tick', { tickId, due: due.length, expired });
    } catch (error) {
      // The next tick tries again; the view or the store being away for a moment is no reason to stop.
      this.lastError = failureName(error);
      logger.warn('booking expiration tick failed', { tickId, failure: this.lastError, error: String(error) });
    }
  }
}
