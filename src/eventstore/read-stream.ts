// Reads one stream from a revision onwards, validating each event; a missing stream reads as empty.
import { FORWARDS, StreamNotFoundError, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import type { z } from 'zod';
import type { DomainEvent } from '../core/decider.js';
import { fromRecorded } from './event-codec.js';

export interface StreamSlice<Event> {
  readonly events: Event[];
  /** The revision of the last event read, or the `after` passed in when nothing new was there. */
  readonly lastRevision: bigint | null;
}

export async function readStreamFrom<Event extends DomainEvent>(
  client: EventStoreDBClient,
  streamName: string,
  schema: z.ZodType<Event>,
  after: bigint | null,
): Promise<StreamSlice<Event>> {
  const records: ResolvedEvent[] = [];
  try {
    const read = client.readStream(streamName, {
      direction: FORWARDS,
      fromRevision: after === null ? 'start' : after + 1n,
    });
    // Read to the end before validating: leaving the loop early (a throw) can leave the gRPC call
    // open, and then the client's dispose() waits for it forever.
    for await (const resolved of read) records.push(resolved);
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  const events: Event[] = [];
  let lastRevision = after;
  for (const resolved of records) {
    const { event, revision } = fromRecorded(resolved, schema);
    events.push(event);
    lastRevision = revision;
  }
  return { events, lastRevision };
}
