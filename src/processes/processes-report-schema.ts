// The shape of GET /processes, as a zod schema: it documents the answer in /openapi.json and lets tests check it.
import { z } from 'zod';
import { ROLES } from '../roles.js';

const instanceSchema = z.object({
  inFlight: z.int().describe('Steps of this process running in this instance'),
  handled: z.int(),
  retried: z.int(),
  resubscriptions: z.int(),
  lastError: z
    .string()
    .nullable()
    .describe('What failed last, by name (e.g. EventStoreDBUnavailable, a rejection code); the log has the details'),
});

const processSchema = z.object({
  name: z.string(),
  subscription: z.object({
    stream: z.string().describe('A `$et-` stream, or `$all` read through a server-side filter on `eventTypes`'),
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
    .describe(
      'What a restart would deliver again: revisions after the checkpoint, or for a `$all` group its events after it (counted over at most 100 events of $all)',
    ),
  checkpointPosition: z
    .string()
    .nullable()
    .optional()
    .describe('For a `$all` group: the commit position it checkpointed'),
  lastPosition: z
    .string()
    .nullable()
    .optional()
    .describe('For a `$all` group: the commit position of the last event it knows'),
  waiting: z.int().optional().describe('Messages queued on the server, not yet given to a consumer'),
  inFlight: z.int().optional().describe('Messages given to consumers and not yet acked'),
  parked: z.int().optional(),
  consumers: z.int().optional(),
  error: z.string().optional().describe('Why the figures could not be read, by name; the log has the details'),
  instance: instanceSchema.describe("This instance's side (zeros when it does not run the processes role)"),
});

export const processesReportSchema = z.object({
  instance: z
    .object({ id: z.string(), roles: z.array(z.enum(ROLES)) })
    .optional()
    .describe('The instance that answered (INSTANCE_ID, or hostname-pid) and the roles it runs (SERVICE_ROLES)'),
  instances: z
    .array(z.object({ id: z.string(), roles: z.array(z.enum(ROLES)), startedAt: z.string(), seenAt: z.string() }))
    .nullable()
    .optional()
    .describe(
      'Every instance seen in the last three heartbeats (one every third of VIEW_LEASE_MS), with its roles; null when MongoDB could not be asked',
    ),
  processes: z
    .array(processSchema)
    .describe("Every group, as the server sees it; `consumers` counts the instances' consumers in it"),
  view: z.object({
    name: z.literal('booking-view'),
    state: z
      .enum(['rebuilding', 'resubscribing', 'catching up', 'live'])
      .describe('rebuilding: replaying from the first event, incomplete until caught up'),
    subscription: z.object({
      stream: z.literal('$all'),
      filter: z.string(),
      subscribed: z.boolean(),
      caughtUp: z.boolean(),
    }),
    rebuilding: z
      .boolean()
      .describe('While rebuilding, lists answer 503 ViewIncomplete, readiness is 503 and the expirer waits'),
    checkpoint: z
      .string()
      .nullable()
      .describe(
        "Commit position in $all stored as the view's checkpoint (at most once a second): everything up to it is applied",
      ),
    lastPosition: z.string().nullable(),
    lag: z.int().nullable().describe('Booking events after the checkpoint (counted over at most 100 events of $all)'),
    lagMs: z.number().nullable(),
    inFlight: z.int(),
    applied: z.int(),
    lastError: z.string().nullable().describe('What failed last, by name'),
    writer: z
      .object({
        instance: z
          .string()
          .nullable()
          .describe('The instance holding the view lease, null when none holds a live one'),
        token: z.int().nullable().describe("The lease term's fencing token"),
        expiresAt: z.string().nullable(),
        here: z.boolean().describe('This instance writes the view (the projector figures above are its own)'),
      })
      .optional()
      .describe('Which instance writes the view: the holder of the lease in MongoDB'),
  }),
  expiration: z.object({
    runsHere: z.boolean().describe('This instance runs the expirer role; the figures are its own'),
    ticks: z.int(),
    skippedTicks: z.int(),
    viewIncompleteTicks: z.int().describe('Ticks that did nothing because the view was being rebuilt'),
    expired: z.int(),
    lastTickAt: z.string().nullable(),
    lastError: z.string().nullable().describe('What failed last, by name'),
  }),
});
