// What happened to a payment: the events of stream `payment-<paymentId>` and their read-back schemas.
import { z } from 'zod';

const isoTime = z.iso.datetime();
const id = z.string().min(1);

export const paymentSucceededSchema = z.object({
  paymentId: id,
  bookingId: id,
  amount: z.int().min(0),
  receivedAt: isoTime,
});
export const paymentRefundedSchema = z.object({
  paymentId: id,
  bookingId: id,
  amount: z.int().min(0),
  reason: z.string(),
  refundedAt: isoTime,
});

export const paymentEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('PaymentSucceeded'), data: paymentSucceededSchema }),
  z.object({ type: z.literal('PaymentRefunded'), data: paymentRefundedSchema }),
]);

export type PaymentEvent = z.infer<typeof paymentEventSchema>;
export type PaymentSucceeded = z.infer<typeof paymentSucceededSchema>;
