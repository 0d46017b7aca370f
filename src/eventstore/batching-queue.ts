// Work for one key is done one batch at a time, in arrival order; what arrives while a batch runs forms the next one.

export interface Batched<Item, Result> {
  readonly item: Item;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

/**
 * For a hot stream (a concert that every booking reserves seats on) one command at a time means one append
 * round trip per command, and a queue that grows with the load. Handing the waiting commands over together
 * lets the handler decide them one after the other on the same state and append all their events at once.
 */
export class BatchingQueue<Item, Result> {
  private readonly waiting = new Map<string, Batched<Item, Result>[]>();
  /** Per key, who waits for the batch running now to end. */
  private readonly batchWaiters = new Map<string, Array<() => void>>();

  /**
   * @param runBatch settles every entry it is given; a throw rejects those it left unsettled.
   * @param maxBatch at most this many items per batch (a bound on the size of one append).
   */
  constructor(
    private readonly runBatch: (key: string, batch: Batched<Item, Result>[]) => Promise<void>,
    private readonly maxBatch: number,
  ) {}

  submit(key: string, item: Item): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      const queue = this.waiting.get(key);
      if (queue) queue.push({ item, resolve, reject });
      else {
        const started: Batched<Item, Result>[] = [{ item, resolve, reject }];
        this.waiting.set(key, started);
        void this.drain(key, started);
      }
    });
  }

  /**
   * Settles once the batch running for the key now has ended, however it ended; at once when none runs. Not once
   * the key is idle: on a hot key that may never be.
   */
  afterCurrentBatch(key: string): Promise<void> {
    if (!this.waiting.has(key)) return Promise.resolve();
    return new Promise((resolve) => this.batchWaiters.set(key, [...(this.batchWaiters.get(key) ?? []), resolve]));
  }

  /** Keys with work queued or running (for tests and diagnostics). */
  get size(): number {
    return this.waiting.size;
  }

  private async drain(key: string, queue: Batched<Item, Result>[]): Promise<void> {
    while (queue.length > 0) {
      const batch = queue.splice(0, this.maxBatch);
      // Whatever the batch does, each of its callers hears once, and the next batch still runs.
      const unsettled = new Set(batch);
      const settled = batch.map((entry) => ({
        item: entry.item,
        resolve: (result: Result) => void (unsettled.delete(entry) && entry.resolve(result)),
        reject: (error: unknown) => void (unsettled.delete(entry) && entry.reject(error)),
      }));
      let failure: unknown;
      try {
        await this.runBatch(key, settled);
      } catch (error) {
        failure = error;
      }
      // Those it left unsettled get its error; if it ended without one, they would wait for ever: they fail instead.
      if (unsettled.size > 0) failure ??= new Error(`a batch on ${key} ended without settling one of its items`);
      for (const entry of unsettled) entry.reject(failure);
      const waiters = this.batchWaiters.get(key);
      this.batchWaiters.delete(key);
      for (const resolve of waiters ?? []) resolve();
    }
    this.waiting.delete(key);
  }
}
