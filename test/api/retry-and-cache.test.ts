// The command handler's small parts: jittered backoff, the bounded state cache, the per-stream queue.
import { expect } from 'chai';
import { backoffDelay } from '../../src/eventstore/backoff.js';
import { KeyedQueue } from '../../src/eventstore/keyed-queue.js';
import { StateCache } from '../../src/eventstore/state-cache.js';

describe('backoff', () => {
  const options = { baseMs: 10, maxMs: 200 };
  it('when attempts grow, then the cap doubles up to the maximum and the delay stays below it', () => {
    expect(backoffDelay(0, options, () => 0.999)).to.equal(9);
    expect(backoffDelay(3, options, () => 0.999)).to.equal(79);
    expect(backoffDelay(10, options, () => 0.999)).to.equal(199);
  });
  it('when the random draw differs, then so does the delay (writers that collided do not retry in lockstep)', () => {
    expect(backoffDelay(4, options, () => 0.1)).to.not.equal(backoffDelay(4, options, () => 0.7));
  });
});

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

describe('keyed queue', () => {
  it('when work for one key overlaps, then it runs one at a time in arrival order, even after a failure', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const step = (name: string, ms: number, fail = false) => async () => {
      log.push(`start ${name}`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      log.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([queue.run('k', step('1', 20, true)), queue.run('k', step('2', 1)), queue.run('other', step('x', 1))]);
    expect(results.map((result) => result.status)).to.deep.equal(['rejected', 'fulfilled', 'fulfilled']);
    expect(log.indexOf('end 1')).to.be.lessThan(log.indexOf('start 2'));
    expect(log.indexOf('start x')).to.be.lessThan(log.indexOf('end 1'));
    expect(queue.size).to.equal(0);
  });
});
