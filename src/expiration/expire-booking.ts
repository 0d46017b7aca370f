// Sends ExpireBooking for one booking the view says is due, under the booking's own correlation id.
import type { Logger } from 'winston';
import { DomainRejection } from '../core/rejection.js';
import type { BookingHandler } from '../eventstore/aggregate-handlers.js';
import type { BookingDocument } from '../view/booking-document.js';

/**
 * The view may lag behind the stream: the booking may have been paid, cancelled or expired by another
 * instance since. The rules answer those with a rejection or a no-op, both harmless, so they are only
 * logged; `true` means this call appended BookingExpired.
 */
export function expireBooking(bookings: BookingHandler, logger: Logger) {
  return async (booking: BookingDocument, now: Date, tickId: string): Promise<boolean> => {
    const context = { correlationId: booking.correlationId, causationId: tickId };
    try {
      const result = await bookings.handle(booking.bookingId, { type: 'ExpireBooking', data: { now } }, context);
      if (result.events.length > 0)
        logger.info('booking expired', { correlationId: booking.correlationId, bookingId: booking.bookingId, tickId });
      return result.events.length > 0;
    } catch (error) {
      if (!(error instanceof DomainRejection)) throw error;
      logger.debug('booking not expired', {
        correlationId: booking.correlationId,
        bookingId: booking.bookingId,
        rejection: error.code,
      });
      return false;
    }
  };
}
