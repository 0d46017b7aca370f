// The batching layer's small parts: the bounded state cache, the per-stream batching queue.
import { expect } from 'chai';
import { BatchingQueue, type Batched } from '../../src/eventstore/batching-queue.js';
import { StateCache } from '../../src/eventstore/state-cache.js';

describe('state cache', () => {
  it('when it is full, then the least recently used stream is dropped', () => {
    const cache = new StateCache(2);
    cache.set('a', { state: 'A', revision: 0n });
    cache.set('b', { state: 'B', revision: 0n });
    cache.get('a');
    cache.set('c', { state: 'C', revision: 0n });
    expect(cache.get('b')).to.equal(undefined);
    expect(cache.get('a')?.state).to.equal('A');
    expect(cache.size).to.equal(2);
  });
  it('when an older state arrives after a newer one, then the newer one stays', () => {
    const cache = new StateCache(10);
    cache.set('a', { state: 'new', revision: 5n });
    cache.set('a', { state: 'old', revision: 3n });
    expect(cache.get('a')).to.deep.equal({ state: 'new', revision: 5n });
  });
});

describe('batching queue', () => {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('when items for one key arrive while a batch runs, then they form the next batch, in arrival order; other keys run alongside', async () => {
    const batches: string[] = [];
    const queue = new BatchingQueue<string, string>(async (key, batch) => {
      batches.push(`${key}:${batch.map((entry) => entry.item).join(',')}`);
      await pause(20);
      for (const entry of batch) entry.resolve(entry.item.toUpperCase());
    }, 10);
    const results = await Promise.all([
      queue.submit('k', 'a'),
      queue.submit('k', 'b'),
      queue.submit('k', 'c'),
      queue.submit('other', 'x'),
    ]);
    expect(results).to.deep.equal(['A', 'B', 'C', 'X']);
    expect(batches).to.deep.equal(['k:a', 'other:x', 'k:b,c']);
    expect(queue.size).to.equal(0);
  });

  it('when more items wait than a batch may hold, then they go in several batches', async () => {
    const sizes: number[] = [];
    const queue = new BatchingQueue<number, number>(async (_key, batch) => {
      sizes.push(batch.length);
      await pause(5);
      for (const entry of batch) entry.resolve(entry.item);
    }, 3);
    await Promise.all(Array.from({ length: 8 }, (_, i) => queue.submit('k', i)));
    expect(sizes).to.deep.equal([1, 3, 3, 1]);
  });

  it('when a batch throws, then its unsettled items get the error, settled ones keep their answer, and the next batch still runs', async () => {
    const queue = new BatchingQueue<string, string>(async (_key, batch: Batched<string, string>[]) => {
      await pause(5);
      if (batch.some((entry) => entry.item === 'boom')) {
        batch[0]!.resolve('kept');
        throw new Error('boom');
      }
      for (const entry of batch) entry.resolve(entry.item);
    }, 10);
    const first = queue.submit('k', 'first');
    const outcomes = await Promise.allSettled([queue.submit('k', 'ok'), queue.submit('k', 'boom')]);
    expect(await first).to.equal('first');
    expect(
      outcomes.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : (outcome.reason as Error).message)),
    ).to.deep.equal(['kept', 'boom']);
    expect(await queue.submit('k', 'after')).to.equal('after');
  });

  it('when someone waits for the running batch, then they hear once it ended, even if it threw, and not later while the key stays busy', async () => {
    const events: string[] = [];
    const queue = new BatchingQueue<string, string>(async (_key, batch) => {
      await pause(10);
      events.push(`ran ${batch.map((entry) => entry.item).join(',')}`);
      if (batch[0]!.item === 'boom') throw new Error('boom');
      for (const entry of batch) entry.resolve(entry.item);
    }, 10);
    expect(queue.size).to.equal(0);
    await queue.afterCurrentBatch('k').then(() => events.push('idle key: at once'));
    const first = queue.submit('k', 'boom').catch(() => undefined);
    const second = queue.submit('k', 'next');
    expect(queue.size).to.equal(1);
    await queue.afterCurrentBatch('k').then(() => events.push('after the first batch'));
    // The second batch is queued and will run: the wait ended with the first one, not with the key going idle.
    expect(queue.size).to.equal(1);
    await Promise.all([first, second]);
    expect(events).to.deep.equal(['idle key: at once', 'ran boom', 'after the first batch', 'ran next']);
  });

  it('when a batch forgets an item, then that caller gets an error instead of waiting for ever', async () => {
    const queue = new BatchingQueue<string, string>(async () => undefined, 10);
    const error = await queue.submit('k', 'lost').then(
      () => undefined,
      (caught: unknown) => caught as Error,
    );
    expect(error?.message).to.match(/without settling/);
  });
});
