// Ticket release wired to its persistent subscription on `$all`, filtered to the two event types that free seats.
import type { Logger } from 'winston';
import { bookingCategory } from '../bookings/stream.js';
import { consumerGroupOnAll, type ConsumerGroupTuning } from './consumer-group.js';
import type { ProcessDefinition } from './process-consumer.js';
import { UnprocessableMessage } from './process-message.js';
import type { ProcessPorts } from './process-ports.js';
import { RELEASING_EVENT_TYPES, releaseSeatsAfter } from './ticket-release-steps.js';

export const TICKET_RELEASE = 'ticket-release';

export function ticketRelease(ports: ProcessPorts, logger: Logger, tuning?: ConsumerGroupTuning): ProcessDefinition {
  return {
    name: TICKET_RELEASE,
    // Two event types and one group: `$all` with a server-side filter sends exactly those, in log order. A group
    // on `$ce-booking` would be sent every booking event (placed, confirmed, settled…) only to ack and drop it.
    group: consumerGroupOnAll(RELEASING_EVENT_TYPES, TICKET_RELEASE, tuning),
    async handle(message) {
      // The filter is on the type only: an event of that type written elsewhere (a copy made by some projection) is not a booking's.
      if (!RELEASING_EVENT_TYPES.includes(message.type) || !message.streamId.startsWith(`${bookingCategory}-`)) return;
      const bookingId = message.data.bookingId;
      if (typeof bookingId !== 'string')
        throw new UnprocessableMessage(`${message.streamId}@${message.revision} has no bookingId`);
      // Cancelled and expired events do not repeat the concert: the booking's own stream knows it.
      const booking = await ports.bookingState(bookingId);
      if (booking.status === 'Missing') throw new UnprocessableMessage(`booking ${bookingId} has no stream`);
      const release = releaseSeatsAfter(
        message.type,
        { bookingId, concertId: booking.placed.concertId },
        ports.clock.now(),
      );
      if (release === undefined) return;
      const outcome = await ports.send(release, { correlationId: message.correlationId, causationId: message.eventId });
      if (!outcome.accepted)
        throw new UnprocessableMessage(`releasing the seats of ${bookingId} was refused: ${outcome.rejection}`);
      logger.info('ticket release: seats released', {
        process: TICKET_RELEASE,
        correlationId: message.correlationId,
        bookingId,
        after: message.type,
      });
    },
  };
}
