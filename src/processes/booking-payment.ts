// Booking payment wired to its persistent subscription: each PaymentSucceeded settles its booking or is refunded.
import type { Logger } from 'winston';
import { paymentSucceededSchema } from '../payments/events.js';
import { receivePaymentFor, settleOrRefund } from './booking-payment-steps.js';
import { consumerGroup, type ConsumerGroupTuning } from './consumer-group.js';
import type { ProcessDefinition } from './process-consumer.js';
import { RetryLater, UnprocessableMessage } from './process-message.js';
import type { ProcessPorts } from './process-ports.js';
import { parseEventData } from './parse-event.js';

export const BOOKING_PAYMENT = 'booking-payment';

export function bookingPayment(ports: ProcessPorts, logger: Logger, tuning?: ConsumerGroupTuning): ProcessDefinition {
  return {
    name: BOOKING_PAYMENT,
    group: consumerGroup('$et-PaymentSucceeded', BOOKING_PAYMENT, tuning),
    async handle(message) {
      const payment = parseEventData(paymentSucceededSchema, message);
      const context = { correlationId: message.correlationId, causationId: message.eventId };
      const fields = {
        process: BOOKING_PAYMENT,
        correlationId: message.correlationId,
        bookingId: payment.bookingId,
        paymentId: payment.paymentId,
      };

      const outcome = await ports.send(receivePaymentFor(payment, ports.clock.now()), context);
      const next = settleOrRefund(payment, outcome, ports.clock.now());
      switch (next.kind) {
        case 'done':
          logger.info('booking payment: received', fields);
          return;
        case 'retryLater':
          throw new RetryLater(next.reason);
        case 'refund': {
          const refunded = await ports.send(next.refund, context);
          if (!refunded.accepted)
            throw new UnprocessableMessage(`refunding ${payment.paymentId} was refused: ${refunded.rejection}`);
          logger.info('booking payment: refunded', { ...fields, reason: next.refund.command.data.reason });
        }
      }
    },
  };
}
