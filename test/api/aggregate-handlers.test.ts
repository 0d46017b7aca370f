// Handlers bound per aggregate: each names its stream in one place and hands its own decider to the handler.
import { expect } from 'chai';
import { bookingDecider } from '../../src/bookings/decider.js';
import { concertDecider } from '../../src/concerts/decider.js';
import { aggregateHandlers } from '../../src/eventstore/aggregate-handlers.js';
import type { CommandHandler } from '../../src/eventstore/command-handler.js';
import { paymentDecider } from '../../src/payments/decider.js';

describe('aggregate handlers', () => {
  const calls: Array<{ what: string; stream: string; decider: unknown; options?: unknown }> = [];
  const recorder: CommandHandler = {
    async handle(stream, decider) {
      calls.push({ what: 'handle', stream, decider });
      return { events: [], state: decider.initialState, revision: null };
    },
    async load(stream, decider, options) {
      calls.push({ what: 'load', stream, decider, options });
      return { state: decider.initialState, revision: null };
    },
  };
  const { bookings, concerts, payments } = aggregateHandlers(recorder);
  const context = { correlationId: 'c', causationId: 'c' };
  const now = new Date();

  it('when each aggregate is sent a command by id, then it goes to that aggregate’s stream with its decider', async () => {
    calls.length = 0;
    await bookings.handle('b1', { type: 'ExpireBooking', data: { now } }, context);
    await concerts.handle('rock-night', { type: 'ReleaseSeats', data: { bookingId: 'b1', now } }, context);
    await payments.handle('p1', { type: 'RefundPayment', data: { reason: 'r', now } }, context);
    expect(calls).to.deep.equal([
      { what: 'handle', stream: 'booking-b1', decider: bookingDecider },
      { what: 'handle', stream: 'concert-rock-night', decider: concertDecider },
      { what: 'handle', stream: 'payment-p1', decider: paymentDecider },
    ]);
  });

  it('when an aggregate is loaded by id, then its options reach the handler unchanged', async () => {
    calls.length = 0;
    await bookings.load('b2', { cachedIsEnough: true });
    expect(calls).to.deep.equal([
      { what: 'load', stream: 'booking-b2', decider: bookingDecider, options: { cachedIsEnough: true } },
    ]);
  });
});
