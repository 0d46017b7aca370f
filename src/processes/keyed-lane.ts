// Runs work one at a time per key: the commands of one instance on one hot concert stream queue up instead of colliding.

/**
 * Every reservation of a concert appends to the same stream with an expected revision. Sent all at once,
 * they conflict, re-read and retry until the command handler gives up; queued per concert, each append
 * finds the stream as the previous one left it. Other instances still conflict now and then, which the
 * handler's retry absorbs.
 */
export class KeyedLane {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(work, work);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // The map forgets a key once its queue is empty, so it does not grow with every concert ever seen.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  get size(): number {
    return this.tails.size;
  }
}
