// Ticket release wired to its persistent subscription on the booking category: expired or cancelled → seats released.
import type { Logger } from 'winston';
import { consumerGroup, type ConsumerGroupTuning } from './consumer-group.js';
import type { ProcessDefinition } from './process-consumer.js';
import { UnprocessableMessage } from './process-message.js';
import type { ProcessPorts } from './process-ports.js';
import { RELEASING_EVENT_TYPES, releaseSeatsAfter } from './ticket-release-steps.js';

export const TICKET_RELEASE = 'ticket-release';

export function ticketRelease(ports: ProcessPorts, logger: Logger, tuning?: ConsumerGroupTuning): ProcessDefinition {
  return {
    name: TICKET_RELEASE,
    // One group over `$ce-booking` rather than one per event type: the process stays one subscription,
    // and the other booking events are acked without a read.
    group: consumerGroup('$ce-booking', TICKET_RELEASE, tuning),
    async handle(message) {
      if (!RELEASING_EVENT_TYPES.includes(message.type)) return;
      const bookingId = message.data.bookingId;
      if (typeof bookingId !== 'string') throw new UnprocessableMessage(`${message.streamId}@${message.revision} has no bookingId`);
      // Cancelled and expired events do not repeat the concert: the booking's own stream knows it.
      const booking = await ports.bookingState(bookingId);
      if (booking.status === 'Missing') throw new UnprocessableMessage(`booking ${bookingId} has no stream`);
      const release = releaseSeatsAfter(message.type, { bookingId, concertId: booking.placed.concertId });
      if (release === undefined) return;
      const outcome = await ports.send(release, { correlationId: message.correlationId, causationId: message.eventId });
      if (!outcome.accepted) throw new UnprocessableMessage(`releasing the seats of ${bookingId} was refused: ${outcome.rejection}`);
      logger.info('ticket release: seats released', { process: TICKET_RELEASE, correlationId: message.correlationId, bookingId, after: message.type });
    },
  };
}
