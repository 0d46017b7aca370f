// The `view` role: campaigns for the view's lease and runs the booking projector only while it holds it.
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { Db } from 'mongodb';
import type { Logger } from 'winston';
import type { Clock } from '../core/clock.js';
import { BookingCollection, type ViewCheckpoint } from './booking-collection.js';
import { NotReadyError } from '../http/routes/health.js';
import { BookingProjector, type ProjectorOptions, type ProjectorStatus } from './booking-projector.js';
import { MongoLease, type LeaseRecord } from './view-lease.js';

export const VIEW_LEASE = 'booking-view';

/** Who writes the view, as this instance last saw the lease. */
export interface ViewWriterStatus {
  readonly instance: string | null;
  readonly token: number | null;
  readonly expiresAt: string | null;
  /** This instance holds the lease and runs the projector. */
  readonly here: boolean;
}

interface Term {
  readonly token: number;
  readonly projector: BookingProjector;
  expiresAt: Date;
  /** Ends the term when the lease runs out unrenewed, however long a renewal hangs. */
  expiry?: NodeJS.Timeout;
}

export interface ViewWriterOptions {
  readonly instanceId: string;
  readonly leaseMs: number;
  /** False without the view role: it never takes the lease, only reads it (and the checkpoint) to report them. */
  readonly candidate: boolean;
  readonly projector?: ProjectorOptions;
}

/**
 * Every third of the lease's lifetime: the holder renews it, the others try to take it. A holder that cannot renew
 * before its lease runs out, or whose checkpoint write finds a later term's fence, stops its projector (dropping its
 * cache of documents) and goes back to campaigning; its successor resumes from the stored checkpoint.
 */
export class ViewWriter {
  private term: Term | undefined;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<void> | undefined;
  private stopped = false;
  private seen: LeaseRecord | null = null;
  private readonly lease: MongoLease;
  /** Reads the stored checkpoint when this instance does not write the view (no fence: it never writes). */
  private readonly stored: BookingCollection;
  private lastStopped: ProjectorStatus | undefined;
  private storedCheckpoint: ViewCheckpoint | null = null;
  private readonly instanceId: string;
  private readonly leaseMs: number;
  private readonly candidate: boolean;
  private readonly projectorOptions: ProjectorOptions;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly logger: Logger,
    { instanceId, leaseMs, candidate, projector = {} }: ViewWriterOptions,
  ) {
    this.projectorOptions = projector;
    this.instanceId = instanceId;
    this.leaseMs = leaseMs;
    this.candidate = candidate;
    this.lease = new MongoLease(db, VIEW_LEASE, leaseMs);
    this.stored = new BookingCollection(db);
  }

  /** Takes the lease at once when it is free, so a single instance writes its view from its first second. */
  async start(): Promise<void> {
    await this.tick();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
    const term = this.term;
    if (!term) return;
    await this.endTerm('stopping');
    // Given back so that another instance takes over now, not when the lease would have expired.
    await this.lease.release(this.instanceId, term.token).catch(() => undefined);
  }

  /** The projector's status while this instance writes the view; otherwise what it last knew (the stored checkpoint). */
  status(): ProjectorStatus {
    if (this.term) return this.term.projector.status();
    // Not written here: whether the writer is rebuilding is the writer's to say (its own /ready and /processes).
    return {
      subscribed: false,
      rebuilding: false,
      caughtUp: false,
      checkpoint: this.storedCheckpoint,
      queued: 0,
      lagMs: null,
      applied: this.lastStopped?.applied ?? 0,
      lastError: this.lastStopped?.lastError ?? null,
    };
  }

  writer(): ViewWriterStatus {
    const here = this.term !== undefined;
    const live = this.seen && this.seen.holder && this.seen.expiresAt.getTime() > Date.now() ? this.seen : null;
    return {
      instance: here ? this.instanceId : (live?.holder ?? null),
      token: here ? this.term!.token : (live?.token ?? null),
      expiresAt: here ? this.term!.expiresAt.toISOString() : (live?.expiresAt.toISOString() ?? null),
      here,
    };
  }

  /** Resolves once the view this instance writes is complete; at once when another instance writes it. */
  whenComplete(): Promise<void> {
    return this.term ? this.term.projector.whenComplete() : Promise.resolve();
  }

  /** The writer's own check while writing here; otherwise whether MongoDB still has a checkpoint (an emptied database has none). */
  async checkpointStillStored(): Promise<boolean> {
    if (this.term) return this.term.projector.checkpointStillStored();
    return (await this.stored.readCheckpoint()) !== undefined;
  }

  /** Readiness: live (written here, subscribed), standby (another instance holds a live lease), or why not. */
  async check(): Promise<string> {
    if (this.term) {
      const status = this.term.projector.status();
      if (status.rebuilding) throw new NotReadyError('rebuilding');
      if (!status.subscribed) throw new NotReadyError('resubscribing');
      return 'live';
    }
    if (!this.writer().instance) throw new NotReadyError('no writer');
    return 'standby';
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.ticking = this.tick().finally(() => {
          this.ticking = undefined;
          this.schedule();
        });
      },
      Math.max(100, Math.floor(this.leaseMs / 3)),
    );
  }

  private async tick(): Promise<void> {
    try {
      if (this.term) await this.renew(this.term);
      else await this.campaign();
    } catch (error) {
      // Not fatal: the next tick tries again; a holder that cannot renew in time is ended by its expiry timer.
      this.logger.warn('booking view lease not reached', { error: (error as Error).message });
    }
  }

  /** Whoever cannot reach MongoDB cannot renew: past its lease's expiry another instance may be writing, so it stops. */
  private armExpiry(term: Term): void {
    clearTimeout(term.expiry);
    term.expiry = setTimeout(
      () => {
        if (this.term !== term) return;
        // Timers run on a monotonic clock and may fire a little before the wall clock reaches the expiry: wait again then.
        if (term.expiresAt.getTime() > Date.now()) return this.armExpiry(term);
        void this.endTerm('the lease ran out unrenewed');
      },
      Math.max(1, term.expiresAt.getTime() - Date.now() + 1),
    );
    term.expiry.unref();
  }

  private async renew(term: Term): Promise<void> {
    const expiresAt = await this.lease.renew(this.instanceId, term.token);
    if (this.term !== term) return;
    if (!expiresAt) return this.endTerm('another instance took the lease');
    term.expiresAt = expiresAt;
    this.armExpiry(term);
  }

  private async campaign(): Promise<void> {
    const token = this.candidate ? await this.lease.tryAcquire(this.instanceId) : null;
    if (token === null || this.stopped) {
      this.seen = await this.lease.read();
      this.storedCheckpoint = (await this.stored.readCheckpoint()) ?? null;
      if (token !== null) await this.lease.release(this.instanceId, token);
      return;
    }
    const expiresAt = new Date(Date.now() + this.leaseMs);
    const collection = new BookingCollection(this.db, { token, onFenced: () => void this.fencedOut(token) });
    const projector = new BookingProjector(this.client, collection, this.clock, this.logger, this.projectorOptions);
    const term: Term = { token, projector, expiresAt };
    this.term = term;
    this.armExpiry(term);
    this.logger.info('writing the booking view', { instance: this.instanceId, token });
    try {
      await collection.claimCheckpoint();
      await projector.start();
    } catch (error) {
      await this.endTerm(`could not start: ${(error as Error).message}`);
      throw error;
    }
  }

  private async fencedOut(token: number): Promise<void> {
    if (this.term?.token === token) await this.endTerm('a later writer claimed the checkpoint');
  }

  private async endTerm(reason: string): Promise<void> {
    const term = this.term;
    if (!term) return;
    this.term = undefined;
    clearTimeout(term.expiry);
    this.logger.info('no longer writing the booking view', { instance: this.instanceId, token: term.token, reason });
    await term.projector.stop().catch(() => undefined);
    this.lastStopped = term.projector.status();
    this.storedCheckpoint = this.lastStopped.checkpoint;
  }
}
