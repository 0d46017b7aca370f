// The payment rule table of domain.md, one given/when/then per outcome.
import { paymentDecider } from '../../src/payments/decider.js';
import type { PaymentCommand } from '../../src/payments/commands.js';
import type { PaymentEvent } from '../../src/payments/events.js';
import { specification } from '../support/specification.js';

const { given } = specification(paymentDecider);
const now = new Date('2026-03-01T12:00:00.000Z');
const succeeded: PaymentEvent = {
  type: 'PaymentSucceeded',
  data: { paymentId: 'p1', bookingId: 'b1', amount: 100000, receivedAt: '2026-03-01T11:00:00.000Z' },
};
const refunded: PaymentEvent = {
  type: 'PaymentRefunded',
  data: {
    paymentId: 'p1',
    bookingId: 'b1',
    amount: 100000,
    reason: 'BookingIsNotPayable',
    refundedAt: '2026-03-01T11:30:00.000Z',
  },
};
const record = (bookingId = 'b1', amount = 100000): PaymentCommand => ({
  type: 'RecordPayment',
  data: { paymentId: 'p1', bookingId, amount, now },
});
const refund: PaymentCommand = { type: 'RefundPayment', data: { reason: 'BookingIsNotPayable', now } };

describe('payment rules', () => {
  it('when a new payment is recorded, then PaymentSucceeded at the given time', () => {
    given([])
      .when(record())
      .then([
        {
          type: 'PaymentSucceeded',
          data: { paymentId: 'p1', bookingId: 'b1', amount: 100000, receivedAt: now.toISOString() },
        },
      ]);
  });
  it('when the same payment is recorded again, then nothing happens', () => {
    given([succeeded]).when(record()).thenNothingHappens();
    given([succeeded, refunded]).when(record()).thenNothingHappens();
  });
  it('when the payment id is reused with another booking or amount, then PaymentAlreadyRecorded', () => {
    given([succeeded]).when(record('b2')).thenRejectedWith('PaymentAlreadyRecorded');
    given([succeeded]).when(record('b1', 1)).thenRejectedWith('PaymentAlreadyRecorded');
  });
  it('when a succeeded payment is refunded, then PaymentRefunded carries its amount and the reason', () => {
    given([succeeded])
      .when(refund)
      .then([
        {
          type: 'PaymentRefunded',
          data: {
            paymentId: 'p1',
            bookingId: 'b1',
            amount: 100000,
            reason: 'BookingIsNotPayable',
            refundedAt: now.toISOString(),
          },
        },
      ]);
  });
  it('when a refunded payment is refunded again, then nothing happens', () => {
    given([succeeded, refunded]).when(refund).thenNothingHappens();
  });
  it('when a payment that was never recorded is refunded, then PaymentNotFound', () => {
    given([]).when(refund).thenRejectedWith('PaymentNotFound');
  });
});
