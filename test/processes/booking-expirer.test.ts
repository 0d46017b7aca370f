// The expirer's scheduling, with the view and the command replaced by plain functions: no servers.
import { expect } from 'chai';
import winston from 'winston';
import { BookingExpirer } from '../../src/expiration/booking-expirer.js';
import type { BookingDocument } from '../../src/view/booking-document.js';

const logger = winston.createLogger({ silent: true });
const clock = { now: () => new Date('2026-01-01T00:20:00.000Z') };
const booking = (bookingId: string) => ({ bookingId, correlationId: bookingId }) as BookingDocument;

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('booking expirer', () => {
  it('when a tick is still running, then the next tick does not start another query', async () => {
    const gate = deferred();
    let queries = 0;
    const expirer = new BookingExpirer({
      dueForExpiry: async () => {
        queries += 1;
        await gate.promise;
        return [];
      },
      expire: async () => true,
      clock,
      logger,
      intervalMs: 1_000,
    });
    const first = expirer.tick();
    const second = expirer.tick();
    gate.resolve();
    await Promise.all([first, second]);
    expect(queries).to.equal(1);
    expect(expirer.status()).to.include({ ticks: 1, skippedTicks: 1 });
  });

  it('when bookings are due, then each is expired once with the same tick id, and the query is bounded by the batch size', async () => {
    const asked: Array<{ now: string; limit: number }> = [];
    const expired: Array<{ bookingId: string; tickId: string }> = [];
    const expirer = new BookingExpirer({
      dueForExpiry: async (now, limit) => {
        asked.push({ now: now.toISOString(), limit });
        return [booking('b1'), booking('b2')];
      },
      expire: async (doc, _now, tickId) => {
        expired.push({ bookingId: doc.bookingId, tickId });
        return doc.bookingId === 'b1';
      },
      clock,
      logger,
      intervalMs: 1_000,
      batchSize: 7,
    });
    await expirer.tick();
    expect(asked).to.deep.equal([{ now: '2026-01-01T00:20:00.000Z', limit: 7 }]);
    expect(expired.map((e) => e.bookingId)).to.deep.equal(['b1', 'b2']);
    expect(new Set(expired.map((e) => e.tickId)).size).to.equal(1);
    expect(expirer.status()).to.include({ expired: 1 });
  });

  it('when a tick fails, then the error is kept for the status and the next tick runs again', async () => {
    let calls = 0;
    const expirer = new BookingExpirer({
      dueForExpiry: async () => {
        calls += 1;
        if (calls === 1)
          throw Object.assign(new Error('connect ECONNREFUSED 10.0.0.7:27017'), { code: 'ViewUnavailable' });
        return [];
      },
      expire: async () => true,
      clock,
      logger,
      intervalMs: 1_000,
    });
    await expirer.tick();
    // Named, not quoted: the address in the driver's text stays in the log.
    expect(expirer.status().lastError).to.equal('ViewUnavailable');
    await expirer.tick();
    expect(calls).to.equal(2);
  });
  it('when the view is known to be incomplete (being rebuilt), then a tick neither queries nor expires, and counts itself', async () => {
    let complete = false;
    let queries = 0;
    const expirer = new BookingExpirer({
      dueForExpiry: async () => {
        queries += 1;
        return [booking('b1')];
      },
      expire: async () => true,
      isViewComplete: () => complete,
      clock,
      logger,
      intervalMs: 1_000,
    });
    await expirer.tick();
    expect(queries).to.equal(0);
    expect(expirer.status()).to.include({ viewIncompleteTicks: 1, expired: 0 });
    complete = true;
    await expirer.tick();
    expect(expirer.status()).to.include({ viewIncompleteTicks: 1, expired: 1 });
  });

  it('when started, then it ticks every interval until stopped', async () => {
    let queries = 0;
    const expirer = new BookingExpirer({
      dueForExpiry: async () => {
        queries += 1;
        return [];
      },
      expire: async () => true,
      clock,
      logger,
      intervalMs: 10,
    });
    expirer.start();
    await new Promise((resolve) => setTimeout(resolve, 75));
    await expirer.stop();
    const afterStop = queries;
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(afterStop).to.be.greaterThan(2);
    expect(queries).to.equal(afterStop);
  });
});
