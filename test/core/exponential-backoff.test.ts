// The one backoff module: the ceiling doubles up to the maximum; full jitter draws in [0, ceiling), equal jitter in [ceiling/2, ceiling].
import { getEventListeners } from 'node:events';
import { expect } from 'chai';
import { backoffCeiling, equalJitterDelay, fullJitterDelay, sleep } from '../../src/core/exponential-backoff.js';
import { seededRandom } from '../support/seeded-random.js';

const policy = { initialMs: 100, maxMs: 1000 };
describe('exponential backoff', () => {
  it('when the attempt number is negative, then it waits as the first attempt does', () => {
    expect(backoffCeiling(-1, policy)).to.equal(100);
    expect(backoffCeiling(-5, policy)).to.equal(100);
  });

  it('when attempts fail in a row, then the ceiling doubles from the initial one and stays at the maximum', () => {
    expect([0, 1, 2, 3, 4, 30].map((attempt) => backoffCeiling(attempt, policy))).to.deep.equal([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it('when drawn with full jitter, then every delay lies in [0, ceiling) and the draws cover the whole range', () => {
    const random = seededRandom(1);
    for (const attempt of [0, 2, 5]) {
      const ceiling = backoffCeiling(attempt, policy);
      const delays = Array.from({ length: 2000 }, () => fullJitterDelay(attempt, policy, random));
      expect(Math.min(...delays))
        .to.be.at.least(0)
        .and.below(ceiling * 0.05);
      expect(Math.max(...delays))
        .to.be.below(ceiling)
        .and.above(ceiling * 0.95);
    }
    expect(fullJitterDelay(2, policy, () => 0)).to.equal(0);
    expect(fullJitterDelay(2, policy, () => 0.999)).to.equal(399);
  });

  it('when drawn with equal jitter, then every delay lies in [ceiling/2, ceiling] and the draws cover that half', () => {
    const random = seededRandom(2);
    for (const attempt of [0, 2, 5]) {
      const ceiling = backoffCeiling(attempt, policy);
      const delays = Array.from({ length: 2000 }, () => equalJitterDelay(attempt, policy, random));
      expect(Math.min(...delays))
        .to.be.at.least(ceiling / 2)
        .and.below(ceiling * 0.55);
      expect(Math.max(...delays))
        .to.be.at.most(ceiling)
        .and.above(ceiling * 0.95);
    }
    expect(equalJitterDelay(2, policy, () => 0)).to.equal(200);
    expect(equalJitterDelay(2, policy, () => 0.5)).to.equal(300);
  });

  it('when the draw differs, then so does the delay (callers that failed together do not retry in lockstep)', () => {
    expect(fullJitterDelay(4, policy, () => 0.1)).to.not.equal(fullJitterDelay(4, policy, () => 0.7));
    expect(equalJitterDelay(4, policy, () => 0.1)).to.not.equal(equalJitterDelay(4, policy, () => 0.7));
  });

  it('when the signal aborts, then the sleep ends at once', async () => {
    const stop = new AbortController();
    const started = Date.now();
    const sleeping = sleep(10_000, stop.signal);
    stop.abort();
    await sleeping;
    expect(Date.now() - started).to.be.below(1000);
  });

  it('when nothing aborts it, then the sleep lasts its time, with or without a signal', async () => {
    for (const signal of [undefined, new AbortController().signal]) {
      const started = performance.now();
      await sleep(40, signal);
      expect(performance.now() - started).to.be.at.least(35);
    }
  });

  it('when the signal has already aborted, then the sleep ends at once', async () => {
    const stop = new AbortController();
    stop.abort();
    const started = performance.now();
    await sleep(10_000, stop.signal);
    expect(performance.now() - started).to.be.below(1000);
  });

  it('when a sleep ends, by its time or by the signal, then it leaves no timer running and no listener on the signal', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const signal = new AbortController().signal;
    await sleep(1, signal);
    expect(getEventListeners(signal, 'abort')).to.have.length(0);

    const stop = new AbortController();
    const before = timers();
    const sleeping = sleep(10_000, stop.signal);
    expect(timers()).to.equal(before + 1);
    stop.abort(); // the listener runs at once: nothing else can start or stop a timer before the count below
    expect(timers()).to.equal(before);
    expect(getEventListeners(stop.signal, 'abort')).to.have.length(0);
    await sleeping;
  });
});
