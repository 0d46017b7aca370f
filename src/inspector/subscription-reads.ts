// The persistent subscription groups as the server reports them, their parked messages, and the replay of those.
import type {
  EventStoreDBClient,
  PersistentSubscriptionToAllInfo,
  PersistentSubscriptionToStreamInfo,
} from '@eventstore/db-client';
import { ALL_STREAM, readStreamPage, StreamMissingError, type EventPage } from './store-reads.js';

export interface GroupSummary {
  readonly stream: string;
  readonly group: string;
  readonly status: string;
  /** Revisions for a group on a stream, commit positions for one on `$all`; null before the first checkpoint. */
  readonly checkpoint: string | null;
  readonly lastEvent: string | null;
  readonly inFlight: number;
  readonly waiting: number;
  readonly retryBuffer: number;
  readonly maxRetryCount: number;
  readonly parked: number;
  readonly consumers: number;
  readonly connections: readonly { name: string; from: string; inFlight: number; totalItems: string }[];
  readonly settings: Readonly<Record<string, string>>;
}

/** The stream the server parks a group's messages in (links to the events it gave up on). */
export const parkedStreamOf = (stream: string, group: string): string =>
  `$persistentsubscription-${stream}::${group}-parked`;

function summary(info: PersistentSubscriptionToStreamInfo | PersistentSubscriptionToAllInfo): GroupSummary {
  const stats = info.stats;
  const onAll = info.eventSource === ALL_STREAM;
  const checkpoint =
    'lastCheckpointedEventPosition' in stats
      ? stats.lastCheckpointedEventPosition?.commit
      : (stats as { lastCheckpointedEventRevision?: bigint }).lastCheckpointedEventRevision;
  const last =
    'lastKnownEventPosition' in stats
      ? stats.lastKnownEventPosition?.commit
      : (stats as { lastKnownEventRevision?: bigint }).lastKnownEventRevision;
  return {
    stream: onAll ? ALL_STREAM : info.eventSource,
    group: info.groupName,
    status: info.status,
    checkpoint: checkpoint?.toString() ?? null,
    lastEvent: last?.toString() ?? null,
    inFlight: stats.totalInFlightMessages,
    waiting: stats.readBufferCount + Number(stats.liveBufferCount),
    retryBuffer: stats.retryBufferCount,
    maxRetryCount: info.settings.maxRetryCount,
    parked: Number(stats.parkedMessageCount),
    consumers: info.connections.length,
    connections: info.connections.map((connection) => ({
      name: connection.connectionName,
      from: connection.from,
      inFlight: connection.inFlightMessages,
      totalItems: connection.totalItems.toString(),
    })),
    settings: Object.fromEntries(
      Object.entries(info.settings).map(([key, value]) => [
        key,
        typeof value === 'object'
          ? JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))
          : String(value),
      ]),
    ),
  };
}

export async function listGroups(client: EventStoreDBClient): Promise<GroupSummary[]> {
  const groups = (await client.listAllPersistentSubscriptions()).map(summary);
  return groups.sort((a, b) => a.stream.localeCompare(b.stream) || a.group.localeCompare(b.group));
}

export async function findGroup(
  client: EventStoreDBClient,
  stream: string,
  group: string,
): Promise<GroupSummary | null> {
  const groups = await listGroups(client);
  return groups.find((candidate) => candidate.stream === stream && candidate.group === group) ?? null;
}

/** The newest parked messages (at most `size`); none when nothing was ever parked. */
export async function parkedMessages(
  client: EventStoreDBClient,
  stream: string,
  group: string,
  size: number,
): Promise<EventPage> {
  try {
    return await readStreamPage(client, parkedStreamOf(stream, group), { kind: 'newest' }, size);
  } catch (error) {
    if (error instanceof StreamMissingError) return { events: [], older: null, newer: null };
    throw error;
  }
}

/** Sends the group's parked messages back to its consumers; they are handled again like new ones. */
export async function replayParked(client: EventStoreDBClient, stream: string, group: string): Promise<void> {
  if (stream === ALL_STREAM) await client.replayParkedMessagesToAll(group);
  else await client.replayParkedMessagesToStream(stream, group);
}
