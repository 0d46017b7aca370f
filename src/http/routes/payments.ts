// Payments as the payment provider reports them: record one (idempotent by paymentId), read one.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { BookingRejection } from '../../bookings/rejection.js';
import { PaymentRejection } from '../../payments/rejection.js';
import type { PaymentState } from '../../payments/state.js';
import type { ApiDependencies } from '../dependencies.js';
import { invalid, problem } from '../openapi.js';
import { setEtag } from '../preconditions.js';
import { requestIdOf } from '../request-id.js';
import { defineRoute, type Route } from '../route.js';
import * as s from '../schemas.js';

function answerOf(state: Exclude<PaymentState, { status: 'Missing' }>) {
  const { paymentId, bookingId, amount } = state.payment;
  return { paymentId, bookingId, amount, status: state.status };
}

export function paymentRoutes({ bookings, payments, clock }: ApiDependencies): Route[] {
  const record = defineRoute({
    method: 'post',
    path: '/payments',
    access: 'payment-provider',
    summary: 'Record a payment (idempotent by paymentId)',
    body: s.recordPaymentBodySchema,
    etag: true,
    responses: {
      201: {
        description: 'Recorded',
        schema: z.object({ paymentId: z.string(), status: s.paymentAnswerSchema.shape.status }),
      },
      400: invalid,
      404: problem('BookingNotFound'),
      409: problem('PaymentAlreadyRecorded'),
    },
    async handle({ body: { paymentId, bookingId, amount } }, res) {
      // Whether the booking can take the money is the payment process's call (it refunds); its existence is checked here.
      // A booking this process has seen exists, whatever happened to it since: no read needed for that.
      const booking = await bookings.load(bookingId, { cachedIsEnough: true });
      if (booking.state.status === 'Missing')
        throw new BookingRejection('BookingNotFound', `Booking ${bookingId} does not exist`);
      const { state, revision } = await payments.handle(
        paymentId,
        { type: 'RecordPayment', data: { paymentId, bookingId, amount, now: clock.now() } },
        { correlationId: bookingId, causationId: requestIdOf(res.locals) ?? randomUUID() },
      );
      // Only reachable if the stream vanished between append and answer (deleted by hand).
      if (state.status === 'Missing')
        throw new PaymentRejection('PaymentNotFound', `Payment ${paymentId} does not exist`);
      setEtag(res, revision);
      res.status(201).location(`/payments/${paymentId}`).json({ paymentId, status: state.status });
    },
  });

  const readOne = defineRoute({
    method: 'get',
    path: '/payments/{paymentId}',
    access: 'operator',
    summary: 'One payment',
    params: s.paymentPathSchema,
    etag: true,
    responses: { 200: { description: 'The payment', schema: s.paymentAnswerSchema }, 404: problem('PaymentNotFound') },
    async handle({ params: { paymentId } }, res) {
      const { state, revision } = await payments.load(paymentId);
      if (state.status === 'Missing')
        throw new PaymentRejection('PaymentNotFound', `Payment ${paymentId} does not exist`);
      setEtag(res, revision);
      res.json(answerOf(state));
    },
  });

  return [record, readOne];
}
