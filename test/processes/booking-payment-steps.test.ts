// Booking payment steps, as plain functions: no stream, no server; they answer with the domain's own commands.
import { expect } from 'chai';
import { receivePaymentFor, settleOrRefund } from '../../src/processes/booking-payment-steps.js';
import { accepted, rejected } from '../../src/processes/process-outcomes.js';

const payment = { paymentId: 'p1', bookingId: 'b1', amount: 100000 };
const now = new Date('2026-01-01T00:00:00.000Z');

describe('booking payment steps', () => {
  it('when a payment succeeds, then ReceivePayment goes to its booking', () => {
    expect(receivePaymentFor(payment, now)).to.deep.equal({
      to: 'bookings',
      id: 'b1',
      command: { type: 'ReceivePayment', data: { paymentId: 'p1', amount: 100000, now } },
    });
  });

  it('when the booking accepts the payment (or already holds it), then nothing more happens', () => {
    expect(settleOrRefund(payment, accepted, now)).to.deep.equal({ kind: 'done' });
  });

  for (const rejection of [
    'BookingIsNotPayable',
    'PaymentAmountMismatch',
    'BookingIsAlreadySettled',
    'BookingNotFound',
  ]) {
    it(`when the booking refuses it with ${rejection}, then RefundPayment goes to the payment with that reason`, () => {
      expect(settleOrRefund(payment, rejected(rejection, 'why'), now)).to.deep.equal({
        kind: 'refund',
        refund: {
          to: 'payments',
          id: 'p1',
          command: { type: 'RefundPayment', data: { reason: `${rejection}: why`, now } },
        },
      });
    });
  }

  it('when the booking is not confirmed yet, then the payment is tried again later, not refunded', () => {
    expect(settleOrRefund(payment, rejected('BookingIsNotConfirmed', 'awaiting'), now)).to.deep.equal({
      kind: 'retryLater',
      reason: 'BookingIsNotConfirmed: awaiting',
    });
  });
});
