// A payment's state and how its events move it.
import { assertNever } from '../core/assert-never.js';
import { ImpossibleEventError } from '../core/impossible-event.js';
import type { PaymentEvent, PaymentSucceeded } from './events.js';

export type PaymentStatus = 'Succeeded' | 'Refunded';

export type PaymentState =
  | { readonly status: 'Missing' }
  | { readonly status: 'Succeeded'; readonly payment: PaymentSucceeded }
  | { readonly status: 'Refunded'; readonly payment: PaymentSucceeded; readonly reason: string };

export const initialPaymentState: PaymentState = { status: 'Missing' };

export function evolvePayment(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentSucceeded':
      return { status: 'Succeeded', payment: event.data };
    case 'PaymentRefunded':
      if (state.status === 'Missing') throw new ImpossibleEventError(event.type, state.status);
      return { status: 'Refunded', payment: state.payment, reason: event.data.reason };
    default:
      return assertNever(event);
  }
}
