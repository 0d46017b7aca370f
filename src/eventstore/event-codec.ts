// Between domain events and EventStoreDB records: JSON out with correlation metadata, zod-checked JSON back in.
import { randomUUID } from 'node:crypto';
import { jsonEvent, type EventData, type JSONType, type ResolvedEvent } from '@eventstore/db-client';
import { z } from 'zod';
import type { Decider, DomainEvent } from '../core/decider.js';
import { InvalidStoredEventError, UnreadableEventError } from './errors.js';

/** EventStoreDB's own key names, so `$bc-<correlationId>` streams show a whole process. */
export interface EventMetadata {
  readonly $correlationId: string;
  readonly $causationId: string;
}

export interface CausationContext {
  /** Shared by every event of one business process (for a booking: its bookingId). */
  readonly correlationId: string;
  /** The event id or request id that led to these events. */
  readonly causationId: string;
}

export function toEventData(event: DomainEvent, context: CausationContext): EventData {
  const metadata: EventMetadata = { $correlationId: context.correlationId, $causationId: context.causationId };
  return jsonEvent({ id: randomUUID(), type: event.type, data: event.data as JSONType, metadata });
}

/** The domain event in a record, validated; a record that does not fit is an error naming where it is. */
export function fromRecorded<Event extends DomainEvent>(
  resolved: ResolvedEvent,
  schema: z.ZodType<Event>,
): { event: Event; revision: bigint } {
  const recorded = resolved.event;
  // A link whose target is gone (a deleted stream) has nothing to fold: that is a corrupt read, not an empty one.
  if (!recorded)
    throw new InvalidStoredEventError(
      resolved.link?.streamId ?? '?',
      resolved.link?.revision ?? -1n,
      resolved.link?.type ?? '$>',
      'a link without its event',
    );
  const parsed = schema.safeParse({ type: recorded.type, data: recorded.data });
  if (!parsed.success) {
    throw new InvalidStoredEventError(
      recorded.streamId,
      recorded.revision,
      recorded.type,
      z.prettifyError(parsed.error),
    );
  }
  return { event: parsed.data, revision: recorded.revision };
}

/** Never write what could not be read back: a decider bug fails here, not on every later read of the stream. */
export function assertReadable<Event extends DomainEvent>(
  decider: Pick<Decider<unknown, Event, unknown>, 'eventSchema'>,
  event: Event,
  streamName: string,
): void {
  const parsed = decider.eventSchema.safeParse(event);
  if (!parsed.success) throw new UnreadableEventError(streamName, event.type, z.prettifyError(parsed.error));
}
