// A booking's story: the events of `$bc-<bookingId>` in order, who caused what, the lanes they fall in, and the MongoDB view beside them.
import type { EventStoreDBClient, Position } from '@eventstore/db-client';
import type { Db } from 'mongodb';
import { bookingStream } from '../bookings/stream.js';
import { BookingCollection, type ViewCheckpoint } from '../view/booking-collection.js';
import type { BookingDocument } from '../view/booking-document.js';
import { causality } from './event-view.js';
import { lastPosition, lastRevision, readStreamPage, StreamMissingError, type TargetEvent } from './store-reads.js';

/** A process of a few dozen events fits easily; a correlation stream longer than this is shown up to here. */
export const MAX_STORY_EVENTS = 200;

/** What caused an event: another event of the story, or something outside it (an HTTP request, an expirer tick). */
export type Cause =
  | { readonly kind: 'event'; readonly step: number }
  | { readonly kind: 'outside'; readonly id: string }
  | { readonly kind: 'unknown' };

export interface StoryStep {
  /** 1-based, in log order. */
  readonly step: number;
  readonly event: TargetEvent;
  /** Index into `lanes`. */
  readonly lane: number;
  readonly cause: Cause;
  /** Steps this event caused. */
  readonly led: readonly number[];
}

export interface BookingStory {
  readonly bookingId: string;
  /** The streams the process wrote to, in the order they first appear (the booking's own first). */
  readonly lanes: readonly string[];
  readonly steps: readonly StoryStep[];
  readonly truncated: boolean;
  readonly view: BookingDocument | null;
  /** The booking stream's last revision: what the view's `version` catches up with. */
  readonly streamRevision: bigint | null;
  readonly viewCheckpoint: ViewCheckpoint | null;
  readonly lastPosition: Position | null;
}

/** Lanes in first-appearance order, except that the booking's own stream always comes first. */
function lanesOf(events: readonly TargetEvent[], own: string): string[] {
  const lanes = [own];
  for (const event of events) if (!lanes.includes(event.stream)) lanes.push(event.stream);
  return lanes;
}

export function tellStory(events: readonly TargetEvent[], bookingId: string): Pick<BookingStory, 'lanes' | 'steps'> {
  const lanes = lanesOf(events, bookingStream(bookingId));
  const stepOfId = new Map(events.map((event, index) => [event.id, index + 1]));
  const led = new Map<number, number[]>();
  const causes = events.map((event, index): Cause => {
    const { causationId } = causality(event.metadata);
    if (causationId === null) return { kind: 'unknown' };
    const step = stepOfId.get(causationId);
    if (step === undefined || step > index) return { kind: 'outside', id: causationId };
    led.set(step, [...(led.get(step) ?? []), index + 1]);
    return { kind: 'event', step };
  });
  const steps = events.map((event, index) => ({
    step: index + 1,
    event,
    lane: lanes.indexOf(event.stream),
    cause: causes[index]!,
    led: led.get(index + 1) ?? [],
  }));
  return { lanes, steps };
}

/** null when nothing carries this correlation id. */
export async function readBookingStory(
  client: EventStoreDBClient,
  db: Db,
  bookingId: string,
): Promise<BookingStory | null> {
  let events: TargetEvent[];
  try {
    const page = await readStreamPage(client, `$bc-${bookingId}`, { kind: 'oldest' }, MAX_STORY_EVENTS);
    // Oldest first for a story; links whose event is gone are left out.
    events = [...page.events]
      .reverse()
      .flatMap((event) => (event.target ? [event.target] : event.target === undefined ? [event] : []));
    const collection = new BookingCollection(db);
    const [views, streamRevision, viewCheckpoint, last] = await Promise.all([
      collection.load([bookingId]),
      lastRevision(client, bookingStream(bookingId)),
      collection.readCheckpoint(),
      lastPosition(client),
    ]);
    return {
      bookingId,
      ...tellStory(events, bookingId),
      truncated: page.newer !== null,
      view: views.get(bookingId) ?? null,
      streamRevision,
      viewCheckpoint: viewCheckpoint ?? null,
      lastPosition: last,
    };
  } catch (error) {
    if (error instanceof StreamMissingError) return null;
    throw error;
  }
}
