// The payment rule table of domain.md.
import { assertNever } from '../core/assert-never.js';
import type { PaymentCommand } from './commands.js';
import type { PaymentEvent } from './events.js';
import { PaymentRejection } from './rejection.js';
import type { PaymentState } from './state.js';

export function decidePayment(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  switch (command.type) {
    case 'RecordPayment':
      return record(command.data, state);
    case 'RefundPayment':
      return refund(command.data, state);
    default:
      return assertNever(command);
  }
}

function record(
  command: Extract<PaymentCommand, { type: 'RecordPayment' }>['data'],
  state: PaymentState,
): PaymentEvent[] {
  const { paymentId, bookingId, amount, now } = command;
  if (state.status === 'Missing') {
    return [{ type: 'PaymentSucceeded', data: { paymentId, bookingId, amount, receivedAt: now.toISOString() } }];
  }
  // The payment provider may call twice for one payment: the same data is the same payment.
  if (state.payment.bookingId === bookingId && state.payment.amount === amount) return [];
  throw new PaymentRejection('PaymentAlreadyRecorded', `Payment ${paymentId} was already recorded with other data`);
}

function refund(
  command: Extract<PaymentCommand, { type: 'RefundPayment' }>['data'],
  state: PaymentState,
): PaymentEvent[] {
  switch (state.status) {
    case 'Missing':
      throw new PaymentRejection('PaymentNotFound', 'The payment does not exist');
    case 'Succeeded': {
      const { paymentId, bookingId, amount } = state.payment;
      return [
        {
          type: 'PaymentRefunded',
          data: { paymentId, bookingId, amount, reason: command.reason, refundedAt: command.now.toISOString() },
        },
      ];
    }
    case 'Refunded':
      return [];
    default:
      return assertNever(state);
  }
}
