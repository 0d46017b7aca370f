// The payment aggregate as one value that the command handler can run.
import type { Decider } from '../core/decider.js';
import type { PaymentCommand } from './commands.js';
import { decidePayment } from './decide.js';
import { paymentEventSchema, type PaymentEvent } from './events.js';
import { evolvePayment, initialPaymentState, type PaymentState } from './state.js';

export const paymentDecider: Decider<PaymentCommand, PaymentEvent, PaymentState> = {
  initialState: initialPaymentState,
  decide: decidePayment,
  evolve: evolvePayment,
  eventSchema: paymentEventSchema,
};
