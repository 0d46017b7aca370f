// Backoff delays: growing, capped, jittered.
import { expect } from 'chai';
import { backoffDelay } from '../../src/processes/backoff.js';

const policy = { initialMs: 100, maxMs: 1000 };

describe('backoff', () => {
  it('when attempts fail in a row, then the delay doubles from the initial one', () => {
    expect([0, 1, 2, 3].map((attempt) => backoffDelay(attempt, policy, () => 1))).to.deep.equal([100, 200, 400, 800]);
  });

  it('when many attempts failed, then the delay stays at the maximum', () => {
    expect(backoffDelay(30, policy, () => 1)).to.equal(1000);
  });

  it('when jittered, then the delay lies between half the ceiling and the ceiling', () => {
    expect(backoffDelay(2, policy, () => 0)).to.equal(200);
    expect(backoffDelay(2, policy, () => 0.5)).to.equal(300);
  });
});
