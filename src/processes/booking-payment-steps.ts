// Booking payment as plain functions: PaymentSucceeded → receive it on the booking → refund what cannot settle it.
import type { CommandOutcome, ProcessCommand } from './process-commands.js';

export interface PaymentSucceededFacts {
  readonly paymentId: string;
  readonly bookingId: string;
  readonly amount: number;
}

type ReceivePayment = Extract<ProcessCommand, { type: 'ReceivePayment' }>;
type RefundPayment = Extract<ProcessCommand, { type: 'RefundPayment' }>;

/** Rejections that mean this payment will never settle its booking: the money goes back. */
const REFUNDED_REJECTIONS = new Set([
  'BookingIsNotPayable',
  'PaymentAmountMismatch',
  'BookingIsAlreadySettled',
  'BookingNotFound',
]);

/** What follows a receivePayment: nothing more, a refund, or asking again later. */
export type AfterPayment =
  | { readonly kind: 'done' }
  | { readonly kind: 'refund'; readonly command: RefundPayment }
  | { readonly kind: 'retryLater'; readonly reason: string };

export function receivePaymentFor(payment: PaymentSucceededFacts): ReceivePayment {
  return { type: 'ReceivePayment', bookingId: payment.bookingId, paymentId: payment.paymentId, amount: payment.amount };
}

/**
 * A booking still awaiting confirmation may yet become payable, so that payment is retried rather than
 * refunded; the group's retry limit parks it if confirmation never comes. Any other rejection we do not
 * know is not ours to interpret: it is retried too and ends up parked, visible in GET /processes.
 */
export function settleOrRefund(payment: PaymentSucceededFacts, outcome: CommandOutcome): AfterPayment {
  if (outcome.accepted) return { kind: 'done' };
  if (REFUNDED_REJECTIONS.has(outcome.rejection)) {
    return {
      kind: 'refund',
      command: { type: 'RefundPayment', paymentId: payment.paymentId, reason: `${outcome.rejection}: ${outcome.detail}` },
    };
  }
  return { kind: 'retryLater', reason: `${outcome.rejection}: ${outcome.detail}` };
}
