// The shape of GET /processes, as a zod schema: it documents the answer in /openapi.json and lets tests check it.
import { z } from 'zod';

const instanceSchema = z.object({
  inFlight: z.int().describe('Steps of this process running in this instance'),
  handled: z.int(),
  retried: z.int(),
  resubscriptions: z.int(),
  lastError: z.string().nullable().describe('What failed last, by name (e.g. EventStoreDBUnavailable, a rejection code); the log has the details'),
});

const processSchema = z.object({
  name: z.string(),
  subscription: z.object({
    stream: z.string().describe("A `$et-` stream, or `$all` read through a server-side filter on `eventTypes`"),
    eventTypes: z.array(z.string()).optional(),
    group: z.string(),
    subscribed: z.boolean(),
  }),
  status: z.string().describe("The group's status as the server reports it, or 'unknown' when it could not be asked"),
  checkpoint: z.int().nullable().optional().describe('For a stream group: the revision up to which it checkpointed'),
  lastEvent: z.int().nullable().optional(),
  lag: z
    .int()
    .optional()
    .describe("What a restart would deliver again: revisions after the checkpoint, or for a `$all` group its events after it (counted over at most 100 events of $all)"),
  checkpointPosition: z.string().nullable().optional().describe('For a `$all` group: the commit position it checkpointed'),
  lastPosition: z.string().nullable().optional().describe('For a `$all` group: the commit position of the last event it knows'),
  waiting: z.int().optional().describe('Messages queued on the server, not yet given to a consumer'),
  inFlight: z.int().optional().describe('Messages given to consumers and not yet acked'),
  parked: z.int().optional(),
  consumers: z.int().optional(),
  error: z.string().optional().describe('Why the figures could not be read, by name; the log has the details'),
  instance: instanceSchema,
});

export const processesReportSchema = z.object({
  processes: z.array(processSchema),
  view: z.object({
    name: z.literal('booking-view'),
    state: z.enum(['rebuilding', 'resubscribing', 'catching up', 'live']).describe('rebuilding: replaying from the first event, incomplete until caught up'),
    subscription: z.object({ stream: z.literal('$all'), filter: z.string(), subscribed: z.boolean(), caughtUp: z.boolean() }),
    rebuilding: z.boolean().describe('While rebuilding, lists answer 503 ViewIncomplete, readiness is 503 and the expirer waits'),
    checkpoint: z.string().nullable().describe("Commit position in $all stored as the view's checkpoint (at most once a second): everything up to it is applied"),
    lastPosition: z.string().nullable(),
    lag: z.int().nullable().describe('Booking events after the checkpoint (counted over at most 100 events of $all)'),
    lagMs: z.number().nullable(),
    inFlight: z.int(),
    applied: z.int(),
    lastError: z.string().nullable().describe('What failed last, by name'),
  }),
  expiration: z.object({
    ticks: z.int(),
    skippedTicks: z.int(),
    viewIncompleteTicks: z.int().describe('Ticks that did nothing because the view was being rebuilt'),
    expired: z.int(),
    lastTickAt: z.string().nullable(),
    lastError: z.string().nullable().describe('What failed last, by name'),
  }),
});
