// The benchmarks' settings: defaults, whole numbers only, and a service load that fits the seats for sale.
import { expect } from 'chai';
import { serviceLoad, wholeNumberFromEnv, SEATS_FOR_SALE } from '../../bench/settings.js';
import { unsetForEachTest } from '../support/unset-environment.js';

describe('benchmark settings', () => {
  unsetForEachTest(['BENCH_TEST_NUMBER', 'BENCH_WARMUP', 'BENCH_BOOKINGS', 'BENCH_CONCURRENCY', 'BENCH_RATE']);

  it('when a variable is unset or blank, then its default; when set, then its value', () => {
    expect(wholeNumberFromEnv('BENCH_TEST_NUMBER', 7)).to.equal(7);
    process.env.BENCH_TEST_NUMBER = ' ';
    expect(wholeNumberFromEnv('BENCH_TEST_NUMBER', 7)).to.equal(7);
    process.env.BENCH_TEST_NUMBER = '40';
    expect(wholeNumberFromEnv('BENCH_TEST_NUMBER', 7)).to.equal(40);
  });

  it('when a variable is not a whole number at or above its minimum, then the run stops naming it', () => {
    for (const bad of ['abc', '2.5', '-1', '0x', 'Infinity']) {
      process.env.BENCH_TEST_NUMBER = bad;
      expect(() => wholeNumberFromEnv('BENCH_TEST_NUMBER', 7), bad).to.throw(
        `BENCH_TEST_NUMBER must be a whole number of at least 0, not "${bad}"`,
      );
    }
    process.env.BENCH_TEST_NUMBER = '0';
    expect(() => wholeNumberFromEnv('BENCH_TEST_NUMBER', 7, 1)).to.throw(/at least 1/);
  });

  it('by default, the service load is 64 clients in a closed loop, 200 warm-up bookings and the rest of the seats measured', () => {
    expect(serviceLoad()).to.deep.equal({ concurrency: 64, warmup: 200, bookings: SEATS_FOR_SALE - 200, rate: 0 });
    process.env.BENCH_WARMUP = '0';
    expect(serviceLoad().bookings).to.equal(SEATS_FOR_SALE);
  });

  it('when warm-up and measured bookings together need more seats than both concerts have, then the run stops', () => {
    process.env.BENCH_WARMUP = '500';
    process.env.BENCH_BOOKINGS = '2600';
    expect(() => serviceLoad()).to.throw(
      `BENCH_WARMUP + BENCH_BOOKINGS must be at most ${SEATS_FOR_SALE} (the seats of both concerts), not 3100`,
    );
    process.env.BENCH_BOOKINGS = '1000';
    process.env.BENCH_RATE = '40';
    expect(serviceLoad()).to.include({ warmup: 500, bookings: 1000, rate: 40 });
  });
});
