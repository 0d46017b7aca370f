// Booking confirmation wired to its persistent subscription: each BookingPlaced runs the steps through the command handler.
import type { Logger } from 'winston';
import { bookingPlacedSchema } from '../bookings/events.js';
import { confirmOrDeny, releaseWhenRefused, reserveSeatsFor } from './booking-confirmation-steps.js';
import { consumerGroup, type ConsumerGroupTuning } from './consumer-group.js';
import type { ProcessDefinition } from './process-consumer.js';
import { UnprocessableMessage } from './process-message.js';
import type { ProcessPorts } from './process-ports.js';
import { parseEventData } from './parse-event.js';

export const BOOKING_CONFIRMATION = 'booking-confirmation';

export function bookingConfirmation(
  ports: ProcessPorts,
  logger: Logger,
  tuning?: ConsumerGroupTuning,
): ProcessDefinition {
  return {
    name: BOOKING_CONFIRMATION,
    group: consumerGroup('$et-BookingPlaced', BOOKING_CONFIRMATION, tuning),
    async handle(message) {
      const placed = parseEventData(bookingPlacedSchema, message);
      const context = { correlationId: message.correlationId, causationId: message.eventId };
      const log = (step: string, fields: object = {}): void =>
        void logger.info(`booking confirmation: ${step}`, {
          process: BOOKING_CONFIRMATION,
          correlationId: message.correlationId,
          bookingId: placed.bookingId,
          ...fields,
        });

      const booking = await ports.bookingState(placed.bookingId);
      const reserve = reserveSeatsFor(placed, booking.status, ports.clock.now(), ports.holdSeconds);
      if (reserve === undefined) {
        log('nothing to do', { status: booking.status });
        return;
      }

      const reservation = await ports.reserve(reserve, context);
      const decision = confirmOrDeny(placed, reservation, ports.clock.now());
      log(
        reservation.accepted ? 'seats reserved' : 'reservation refused',
        reservation.accepted ? {} : { rejection: reservation.rejection },
      );

      const outcome = await ports.send(decision, context);
      log(
        decision.command.type === 'ConfirmBooking' ? 'confirm' : 'deny',
        outcome.accepted ? {} : { rejection: outcome.rejection },
      );

      const release = releaseWhenRefused(placed, decision, outcome, ports.clock.now());
      if (release === undefined) return;
      const released = await ports.send(release, context);
      if (!released.accepted)
        throw new UnprocessableMessage(`releasing the seats of ${placed.bookingId} was refused: ${released.rejection}`);
      log('seats released after a refused confirmation');
    },
  };
}
