// Which instances run which roles: each instance notes itself in MongoDB every few seconds, so any one can list them all.
import type { Collection, Db } from 'mongodb';
import type { Logger } from 'winston';
import type { InstanceIdentity, Role } from './roles.js';

interface InstanceRecord {
  readonly _id: string;
  readonly roles: Role[];
  readonly startedAt: Date;
  readonly seenAt: Date;
}

export interface SeenInstance {
  readonly id: string;
  readonly roles: Role[];
  readonly startedAt: string;
  readonly seenAt: string;
}

export const INSTANCES = 'instances';

/**
 * A heartbeat, not a lock: nothing depends on it but GET /processes. An instance stopped cleanly removes its record; one
 * that died stops being listed once its record is older than `forgetAfterMs`, and its record is deleted by the next
 * instance that lists them. The wall clock is enough for that: a skewed clock only lists a dead instance a little longer.
 */
export class InstanceRegistry {
  private readonly instances: Collection<InstanceRecord>;
  private timer: NodeJS.Timeout | undefined;
  private readonly startedAt = new Date();

  constructor(
    db: Db,
    private readonly identity: InstanceIdentity,
    private readonly everyMs: number,
    private readonly logger: Logger,
    private readonly forgetAfterMs = 3 * everyMs,
  ) {
    this.instances = db.collection<InstanceRecord>(INSTANCES);
  }

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.instances.deleteOne({ _id: this.identity.id }).catch(() => undefined);
  }

  /** The instances seen within `forgetAfterMs`, by id; the older records are deleted on the way. */
  async list(): Promise<SeenInstance[]> {
    const since = new Date(Date.now() - this.forgetAfterMs);
    await this.instances.deleteMany({ seenAt: { $lt: since } });
    const records = await this.instances.find({}).sort({ _id: 1 }).toArray();
    return records.map((record) => ({
      id: record._id,
      roles: record.roles,
      startedAt: record.startedAt.toISOString(),
      seenAt: record.seenAt.toISOString(),
    }));
  }

  private async beat(): Promise<void> {
    try {
      await this.instances.updateOne(
        { _id: this.identity.id },
        { $set: { roles: [...this.identity.roles], startedAt: this.startedAt, seenAt: new Date() } },
        { upsert: true },
      );
    } catch (error) {
      this.logger.warn('instance heartbeat not written', { error: (error as Error).message });
    }
  }
}
