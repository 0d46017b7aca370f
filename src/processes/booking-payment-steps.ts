// Booking payment as plain functions: PaymentSucceeded → receive it on the booking → refund what cannot settle it.
import type { BookingCommand } from '../bookings/commands.js';
import type { PaymentCommand } from '../payments/commands.js';
import type { CommandOutcome, ToBooking, ToPayment } from './process-outcomes.js';

export interface PaymentSucceededFacts {
  readonly paymentId: string;
  readonly bookingId: string;
  readonly amount: number;
}

type ReceivePayment = Extract<BookingCommand, { type: 'ReceivePayment' }>;
type RefundPayment = Extract<PaymentCommand, { type: 'RefundPayment' }>;

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
  | { readonly kind: 'refund'; readonly refund: ToPayment<RefundPayment> }
  | { readonly kind: 'retryLater'; readonly reason: string };

export function receivePaymentFor(payment: PaymentSucceededFacts, now: Date): ToBooking<ReceivePayment> {
  return {
    to: 'bookings',
    id: payment.bookingId,
    command: { type: 'ReceivePayment', data: { paymentId: payment.paymentId, amount: payment.amount, now } },
  };
}

/**
 * A booking still awaiting confirmation may yet become payable, so that payment is retried rather than
 * refunded; the group's retry limit parks it if confirmation never comes. Any other rejection we do not
 * know is not ours to interpret: it is retried too and ends up parked, visible in GET /processes.
 */
export function settleOrRefund(payment: PaymentSucceededFacts, outcome: CommandOutcome, now: Date): AfterPayment {
  if (outcome.accepted) return { kind: 'done' };
  const reason = `${outcome.rejection}: ${outcome.detail}`;
  if (REFUNDED_REJECTIONS.has(outcome.rejection)) {
    return {
      kind: 'refund',
      refund: { to: 'payments', id: payment.paymentId, command: { type: 'RefundPayment', data: { reason, now } } },
    };
  }
  return { kind: 'retryLater', reason };
}
