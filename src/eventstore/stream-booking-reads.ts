// A booking read straight from its EventStoreDB stream and folded as the view folds it: for bookings the view has not folded, and for the API while the view lags.
import { StreamNotFoundError, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import type { BookingReads } from '../bookings/booking-view.js';
import { bookingEventSchema } from '../bookings/events.js';
import { bookingStream } from '../bookings/stream.js';
import type { Clock } from '../core/clock.js';
import {
  bookingDocumentOf,
  foldBookingEvent,
  type FoldedBooking,
  type RecordedBookingEvent,
} from '../view/booking-document.js';
import { fromRecorded } from './event-codec.js';

/** A booking event as stored, validated with the aggregate's schema (an InvalidStoredEventError otherwise). */
export function recordedBookingEvent(resolved: ResolvedEvent): RecordedBookingEvent {
  const { event, revision } = fromRecorded(resolved, bookingEventSchema);
  const metadata = (resolved.event?.metadata ?? {}) as Record<string, unknown>;
  const correlationId = typeof metadata.$correlationId === 'string' ? metadata.$correlationId : resolved.event!.id;
  return { event, revision: Number(revision), correlationId };
}

/** The whole stream of one booking folded; null when it has no events. */
export async function foldBookingStream(client: EventStoreDBClient, bookingId: string): Promise<FoldedBooking | null> {
  const records: ResolvedEvent[] = [];
  try {
    // Read to the end before validating: a throw inside the loop can leave the gRPC call open (see read-stream.ts).
    for await (const resolved of client.readStream(bookingStream(bookingId))) records.push(resolved);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return records.map(recordedBookingEvent).reduce<FoldedBooking | null>(foldBookingEvent, null);
}

/**
 * What the view will show once it has caught up, through the same mapping. The API falls back to it when the view
 * has nothing yet, so the `Location` of a fresh 201 answers at once.
 */
export function streamBookingReads(client: EventStoreDBClient, clock: Clock): Pick<BookingReads, 'get'> {
  return {
    async get(clientId, bookingId) {
      const folded = await foldBookingStream(client, bookingId);
      const doc = folded && bookingDocumentOf(folded, clock.now().toISOString());
      return doc?.clientId === clientId ? doc : null;
    },
  };
}
