// Booking payment steps, as plain functions: no stream, no server.
import { expect } from 'chai';
import { receivePaymentFor, settleOrRefund } from '../../src/processes/booking-payment-steps.js';
import { accepted, rejected } from '../../src/processes/process-commands.js';

const payment = { paymentId: 'p1', bookingId: 'b1', amount: 100000 };

describe('booking payment steps', () => {
  it('when a payment succeeds, then it is received on its booking', () => {
    expect(receivePaymentFor(payment)).to.deep.equal({
      type: 'ReceivePayment',
      bookingId: 'b1',
      paymentId: 'p1',
      amount: 100000,
    });
  });

  it('when the booking accepts the payment (or already holds it), then nothing more happens', () => {
    expect(settleOrRefund(payment, accepted)).to.deep.equal({ kind: 'done' });
  });

  for (const rejection of ['BookingIsNotPayable', 'PaymentAmountMismatch', 'BookingIsAlreadySettled', 'BookingNotFound']) {
    it(`when the booking refuses it with ${rejection}, then the payment is refunded with that reason`, () => {
      expect(settleOrRefund(payment, rejected(rejection, 'why'))).to.deep.equal({
        kind: 'refund',
        command: { type: 'RefundPayment', paymentId: 'p1', reason: `${rejection}: why` },
      });
    });
  }

  it('when the booking is not confirmed yet, then the payment is tried again later, not refunded', () => {
    expect(settleOrRefund(payment, rejected('BookingIsNotConfirmed', 'awaiting'))).to.deep.equal({
      kind: 'retryLater',
      reason: 'BookingIsNotConfirmed: awaiting',
    });
  });
});
