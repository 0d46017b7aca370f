// The persistent subscription group of one process: its settings, and creating or updating it at start-up.
import {
  eventTypeFilter,
  PersistentSubscriptionDoesNotExistError,
  PersistentSubscriptionExistsError,
  persistentSubscriptionToAllSettingsFromDefaults,
  persistentSubscriptionToStreamSettingsFromDefaults,
  START,
  type EventStoreDBClient,
  type PersistentSubscriptionToStreamSettings,
} from '@eventstore/db-client';

/** The stream name a group reads when it reads `$all` through an event-type filter. */
export const ALL = '$all';

export interface ConsumerGroup {
  /**
   * What the group reads: a `$et-<EventType>` stream of links, or `$all` through a server-side filter on
   * `eventTypes`, when the events a process needs are of a few types that no single system stream holds.
   */
  readonly stream: string;
  /** With `$all` only: the event types the server sends; it skips every other event. */
  readonly eventTypes?: readonly string[];
  readonly group: string;
  readonly settings: PersistentSubscriptionToStreamSettings;
}

/** Settings a deployment (or a test) may tune; the rest are fixed by what the processes need. */
export interface ConsumerGroupTuning {
  readonly messageTimeoutMs?: number;
  readonly maxRetryCount?: number;
}

/**
 * - startFrom START: a group created after events were written (a first start on an existing store)
 *   must still handle them; the steps are idempotent, so starting early costs only time.
 * - resolveLinkTos: `$et-` streams hold links; the process needs the booking or payment event (`$all` holds
 *   the events themselves, and the setting is ignored there).
 * - messageTimeout 30 s: a consumer that disconnects has its messages redelivered at once; the timeout only
 *   catches one that hangs while connected. Shorter, it fires on healthy steps that queue behind a hot concert
 *   under load, and every timeout is one more delivery to handle.
 * - maxRetryCount 10: with the consumer's backoff (up to 5 s a try) a message keeps failing for about
 *   half a minute before it is parked and shows up in GET /processes.
 * - checkpoint after 1 s, at least 20 and at most 500 acked messages: the checkpoint only bounds how much
 *   is redelivered after a server restart. Redelivery is harmless (every step is idempotent), so the
 *   group checkpoints rarely rather than doubling the writes with one checkpoint per message.
 * - RoundRobin: every instance of the service shares the work; ordering does not matter because each
 *   message concerns a different booking or payment.
 */
export function consumerGroup(stream: string, group: string, tuning: ConsumerGroupTuning = {}): ConsumerGroup {
  return {
    stream,
    group,
    settings: persistentSubscriptionToStreamSettingsFromDefaults({
      startFrom: START,
      resolveLinkTos: true,
      messageTimeout: tuning.messageTimeoutMs ?? 30_000,
      maxRetryCount: tuning.maxRetryCount ?? 10,
      checkPointAfter: 1_000,
      checkPointLowerBound: 20,
      checkPointUpperBound: 500,
      consumerStrategyName: 'RoundRobin',
    }),
  };
}

/** A group on `$all` that the server feeds only events of these types, in log order. */
export function consumerGroupOnAll(
  eventTypes: readonly string[],
  group: string,
  tuning: ConsumerGroupTuning = {},
): ConsumerGroup {
  return { ...consumerGroup(ALL, group, tuning), eventTypes };
}

/** An exact match on each type: an event-type filter's prefixes would also take `BookingExpiredV2`. */
const exactly = (types: readonly string[]) =>
  `^(${types.map((type) => type.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`;

const COMPARED_SETTINGS = [
  'resolveLinkTos',
  'messageTimeout',
  'maxRetryCount',
  'checkPointAfter',
  'checkPointLowerBound',
  'checkPointUpperBound',
  'liveBufferSize',
  'readBatchSize',
  'historyBufferSize',
  'consumerStrategyName',
] as const;

export type EnsureOutcome =
  { readonly action: 'created' | 'unchanged' } | { readonly action: 'updated'; readonly changed: string[] };

/** The calls that differ between a group on a stream and one on `$all`. */
function groupCalls(client: EventStoreDBClient, { stream, eventTypes, group, settings }: ConsumerGroup) {
  if (stream !== ALL) {
    return {
      create: () => client.createPersistentSubscriptionToStream(stream, group, settings),
      info: () => client.getPersistentSubscriptionToStreamInfo(stream, group),
      update: () => client.updatePersistentSubscriptionToStream(stream, group, settings),
    };
  }
  const { startFrom: _fromRevision, ...shared } = settings;
  const allSettings = persistentSubscriptionToAllSettingsFromDefaults({ ...shared, startFrom: START });
  return {
    create: () =>
      client.createPersistentSubscriptionToAll(group, allSettings, {
        filter: eventTypeFilter({ regex: exactly(eventTypes ?? []) }),
      }),
    info: () => client.getPersistentSubscriptionToAllInfo(group),
    // The filter is fixed when the group is made: a change of event types needs the group deleted and made again.
    update: () => client.updatePersistentSubscriptionToAll(group, allSettings),
  };
}

/** Creates the group when missing; when it exists with other settings, updates it to ours. */
export async function ensureConsumerGroup(
  client: EventStoreDBClient,
  consumerGroup: ConsumerGroup,
): Promise<EnsureOutcome> {
  const calls = groupCalls(client, consumerGroup);
  try {
    await calls.create();
    return { action: 'created' };
  } catch (error) {
    // Another instance may have created it a moment ago, or a previous run did: compare and update.
    if (!(error instanceof PersistentSubscriptionExistsError)) throw error;
  }
  const info = await calls.info();
  const changed = COMPARED_SETTINGS.filter((key) => String(info.settings[key]) !== String(consumerGroup.settings[key]));
  if (changed.length === 0) return { action: 'unchanged' };
  await calls.update();
  return { action: 'updated', changed: [...changed] };
}

export const isMissingGroup = (error: unknown): boolean => error instanceof PersistentSubscriptionDoesNotExistError;
