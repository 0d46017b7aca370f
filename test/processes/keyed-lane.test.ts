// The per-key lane: one piece of work at a time per key, keys independent, failures not blocking the queue.
import { expect } from 'chai';
import { KeyedLane } from '../../src/processes/keyed-lane.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('keyed lane', () => {
  it('when work for one key is queued, then it runs one at a time in order', async () => {
    const lane = new KeyedLane();
    const log: string[] = [];
    const job = (name: string) => async () => {
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
    };
    await Promise.all([lane.run('a', job('1')), lane.run('a', job('2'))]);
    expect(log).to.deep.equal(['start 1', 'end 1', 'start 2', 'end 2']);
  });

  it('when work is for different keys, then it runs at the same time', async () => {
    const lane = new KeyedLane();
    let running = 0;
    let most = 0;
    const job = async () => {
      most = Math.max(most, ++running);
      await tick();
      running -= 1;
    };
    await Promise.all([lane.run('a', job), lane.run('b', job)]);
    expect(most).to.equal(2);
  });

  it('when a piece of work fails, then its caller gets the error and the next one still runs', async () => {
    const lane = new KeyedLane();
    const failed = lane.run('a', async () => {
      throw new Error('conflict');
    });
    const next = lane.run('a', async () => 'ran');
    expect(await failed.catch((error: Error) => error.message)).to.equal('conflict');
    expect(await next).to.equal('ran');
  });

  it('when a key’s queue empties, then the lane forgets the key', async () => {
    const lane = new KeyedLane();
    await lane.run('a', async () => undefined);
    await tick();
    expect(lane.size).to.equal(0);
  });
});
