// What GET /processes shows: each process's group as the server sees it, plus this instance's side; the view's checkpoint and lag.
import { BACKWARDS, END, START, type EventStoreDBClient } from '@eventstore/db-client';
import { bookingCategory } from '../bookings/stream.js';
import type { ExpirerStatus } from '../expiration/booking-expirer.js';
import type { SeenInstance } from '../instances.js';
import type { InstanceIdentity } from '../roles.js';
import type { ProjectorStatus } from '../view/booking-projector.js';
import type { ViewWriterStatus } from '../view/view-writer.js';
import { ALL } from './consumer-group.js';
import type { ConsumerStatus } from './process-consumer.js';
import type { Logger } from 'winston';
import { failureName } from '../store-failures.js';

/** Counting the view's backlog reads at most this many events of `$all`: beyond that, "at least" is enough to know. */
const MAX_SCANNED = 100;

export interface ReportSources {
  readonly client: EventStoreDBClient;
  readonly consumers: readonly { status(): ConsumerStatus }[];
  readonly view: { status(): ProjectorStatus; writer?(): ViewWriterStatus };
  /** Absent when this instance does not run the expirer role. */
  readonly expirer?: { status(): ExpirerStatus };
  /** Where a figure that could not be read says why; the answer only names the failure. */
  readonly logger?: Logger;
  /** This instance and its roles (SERVICE_ROLES). */
  readonly identity?: InstanceIdentity;
  /** Every instance recently seen, with its roles. */
  readonly instances?: () => Promise<SeenInstance[]>;
}

/** Where the group stands in what it reads: revisions of its stream, or commit positions in `$all`. */
async function groupProgress(client: EventStoreDBClient, local: ConsumerStatus) {
  if (local.stream !== ALL) {
    const info = await client.getPersistentSubscriptionToStreamInfo(local.stream, local.group);
    const checkpoint = info.stats.lastCheckpointedEventRevision;
    const last = info.stats.lastKnownEventRevision;
    return {
      info,
      progress: {
        // Revisions in the `$et-` stream the group reads; the checkpoint trails by up to the group's checkpoint bounds.
        checkpoint: checkpoint === undefined ? null : Number(checkpoint),
        lastEvent: last === undefined ? null : Number(last),
        lag: last === undefined ? 0 : Number(last - (checkpoint ?? -1n)),
      },
    };
  }
  const info = await client.getPersistentSubscriptionToAllInfo(local.group);
  const checkpoint = info.stats.lastCheckpointedEventPosition?.commit;
  const types = new Set(local.eventTypes);
  return {
    info,
    progress: {
      checkpointPosition: checkpoint?.toString() ?? null,
      lastPosition: info.stats.lastKnownEventPosition?.commit.toString() ?? null,
      // Positions do not count the events the filter skips: its events after the checkpoint are counted instead.
      lag: await countAfter(client, checkpoint, (event) => types.has(event.type)),
    },
  };
}

async function processReport(client: EventStoreDBClient, local: ConsumerStatus, logger: Logger | undefined) {
  const subscription = {
    stream: local.stream,
    ...(local.eventTypes ? { eventTypes: [...local.eventTypes] } : {}),
    group: local.group,
    subscribed: local.subscribed,
  };
  const base = { name: local.name, subscription };
  const instance = {
    inFlight: local.inFlight,
    handled: local.handled,
    retried: local.retried,
    resubscriptions: local.resubscriptions,
    lastError: local.lastError,
  };
  try {
    const { info, progress } = await groupProgress(client, local);
    return {
      ...base,
      status: info.status,
      ...progress,
      // The checkpoint is written only every so often, so `lag` says what a restart would redeliver;
      // `waiting` says what is queued on the server and not yet handed to any consumer.
      waiting: info.stats.readBufferCount + Number(info.stats.liveBufferCount) + info.stats.retryBufferCount,
      inFlight: info.stats.totalInFlightMessages,
      parked: Number(info.stats.parkedMessageCount),
      consumers: info.connections.length,
      instance,
    };
  } catch (error) {
    logger?.warn('process figures not read', { process: local.name, error: String(error) });
    return { ...base, status: 'unknown', error: failureName(error), instance };
  }
}

/**
 * Events after a checkpoint of `$all` that a reader would take, over the first MAX_SCANNED events after it (the
 * 6.2.1 client's readAll takes no filter, so they are counted here; beyond that, "at least" is enough to know).
 */
async function countAfter(
  client: EventStoreDBClient,
  checkpoint: bigint | undefined,
  takes: (event: { streamId: string; type: string }) => boolean,
) {
  const from = checkpoint === undefined ? START : { commit: checkpoint, prepare: checkpoint };
  let count = 0;
  for await (const { event } of client.readAll({ fromPosition: from, maxCount: MAX_SCANNED })) {
    // readAll starts at the checkpoint itself, which the reader has handled.
    if (!event || event.position.commit === checkpoint) continue;
    if (takes(event)) count += 1;
  }
  return count;
}

/** One word for the view: rebuilding wins (the view is incomplete whatever else is true). */
function viewState(projector: ProjectorStatus): 'rebuilding' | 'resubscribing' | 'catching up' | 'live' {
  if (projector.rebuilding) return 'rebuilding';
  if (!projector.subscribed) return 'resubscribing';
  return projector.caughtUp ? 'live' : 'catching up';
}

const isBookingEvent = (event: { streamId: string }) => event.streamId.startsWith(`${bookingCategory}-`);

/** Reads to the end of the (one-event) answer: leaving a read early leaves its call open and stalls the client's dispose. */
async function lastPosition(client: EventStoreDBClient): Promise<string | null> {
  let last: string | null = null;
  for await (const { event } of client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 })) {
    last = event?.position.commit.toString() ?? last;
  }
  return last;
}

const notRunHere: ExpirerStatus = {
  ticks: 0,
  skippedTicks: 0,
  viewIncompleteTicks: 0,
  expired: 0,
  lastTickAt: null,
  lastError: null,
};

export async function processesReport({
  client,
  consumers,
  view,
  expirer,
  logger,
  identity,
  instances,
}: ReportSources) {
  const projector = view.status();
  const [seen, processes, backlog, last] = await Promise.all([
    instances?.().catch(() => null),
    Promise.all(consumers.map((consumer) => processReport(client, consumer.status(), logger))),
    countAfter(client, projector.checkpoint ? BigInt(projector.checkpoint.commit) : undefined, isBookingEvent).catch(
      () => null,
    ),
    lastPosition(client).catch(() => null),
  ]);
  return {
    ...(identity ? { instance: { id: identity.id, roles: [...identity.roles] } } : {}),
    ...(instances ? { instances: seen } : {}),
    processes,
    view: {
      name: 'booking-view',
      state: viewState(projector),
      subscription: {
        stream: '$all',
        filter: `${bookingCategory}-*`,
        subscribed: projector.subscribed,
        caughtUp: projector.caughtUp,
      },
      rebuilding: projector.rebuilding,
      checkpoint: projector.checkpoint?.commit ?? null,
      lastPosition: last,
      lag: backlog,
      lagMs: projector.lagMs,
      inFlight: projector.queued,
      applied: projector.applied,
      lastError: projector.lastError,
      ...(view.writer ? { writer: view.writer() } : {}),
    },
    expiration: { ...(expirer?.status() ?? notRunHere), runsHere: expirer !== undefined },
  };
}
