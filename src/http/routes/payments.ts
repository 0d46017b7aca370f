// Payments as the payment provider reports them: record one (idempotent by paymentId), read one.
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { BookingRejection } from '../../bookings/rejection.js';
import { PaymentRejection } from '../../payments/rejection.js';
import type { PaymentState } from '../../payments/state.js';
import type { ApiDependencies } from '../dependencies.js';
import { setEtag } from '../preconditions.js';
import { requestIdOf } from '../request-id.js';
import { paymentPathSchema, recordPaymentBodySchema } from '../schemas.js';
import { parseRequest } from '../validation.js';

function answerOf(state: Exclude<PaymentState, { status: 'Missing' }>) {
  const { paymentId, bookingId, amount } = state.payment;
  return { paymentId, bookingId, amount, status: state.status };
}

export function paymentRoutes({ bookings, payments, clock }: ApiDependencies): Router {
  const router = Router();

  router.post('/payments', async (req, res) => {
    const { paymentId, bookingId, amount } = parseRequest(recordPaymentBodySchema, req.body, 'body');
    // Whether the booking can take the money is the payment process's call (it refunds); its existence is checked here.
    // A booking this process has seen exists, whatever happened to it since: no read needed for that.
    const booking = await bookings.load(bookingId, { cachedIsEnough: true });
    if (booking.state.status === 'Missing') throw new BookingRejection('BookingNotFound', `Booking ${bookingId} does not exist`);
    const { state, revision } = await payments.handle(
      paymentId,
      { type: 'RecordPayment', data: { paymentId, bookingId, amount, now: clock.now() } },
      { correlationId: bookingId, causationId: requestIdOf(res.locals) ?? randomUUID() },
    );
    // Only reachable if the stream vanished between append and answer (deleted by hand).
    if (state.status === 'Missing') throw new PaymentRejection('PaymentNotFound', `Payment ${paymentId} does not exist`);
    setEtag(res, revision);
    res.status(201).location(`/payments/${paymentId}`).json({ paymentId, status: state.status });
  });

  router.get('/payments/:paymentId', async (req, res) => {
    const { paymentId } = parseRequest(paymentPathSchema, req.params, 'path');
    const { state, revision } = await payments.load(paymentId);
    if (state.status === 'Missing') throw new PaymentRejection('PaymentNotFound', `Payment ${paymentId} does not exist`);
    setEtag(res, revision);
    res.json(answerOf(state));
  });

  return router;
}
