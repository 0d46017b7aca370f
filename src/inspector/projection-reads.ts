// The projections as the server reports them: status, position, state, result, partitions, and the source this service ships.
import type { EventStoreDBClient } from '@eventstore/db-client';
import { readProjectionFiles } from '../projections/projection-files.js';
import { readStreamPage, StreamMissingError } from './store-reads.js';

export interface ProjectionSummary {
  readonly name: string;
  readonly status: string;
  readonly position: string;
  readonly progress: number;
  /** The 6.2.1 client lists continuous projections only, and does not pass the mode on. */
  readonly mode: 'Continuous';
  readonly eventsProcessed: string;
  readonly partitionsCached: number;
  readonly reason: string;
}

export interface ProjectionDetail extends ProjectionSummary {
  readonly state: unknown;
  readonly result: unknown;
  /** The query from projections/ when this service ships it, else null (system projections, others'). */
  readonly source: string | null;
  readonly partitioned: boolean;
  /** Partitions shown one by one: those named in the URL, and for concert-sales one per concert. */
  readonly partitions: readonly { name: string; state: unknown; result: unknown }[];
}

const MAX_PARTITIONS = 50;

export async function listProjections(client: EventStoreDBClient): Promise<ProjectionSummary[]> {
  const details = await client.listProjections();
  return details
    .map((detail) => ({
      name: detail.name,
      status: detail.status,
      position: detail.position,
      progress: detail.progress,
      mode: 'Continuous' as const,
      eventsProcessed: detail.eventsProcessedAfterRestart.toString(),
      partitionsCached: detail.partitionsCached,
      reason: detail.stateReason,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * The gRPC API cannot list a projection's partitions, so the inspector names them: concert-sales keeps one per
 * concert stream, found among the `ConcertScheduled` events; any other partition can be asked for by name.
 */
async function knownPartitions(client: EventStoreDBClient, name: string): Promise<string[]> {
  if (name !== 'concert-sales') return [];
  try {
    const page = await readStreamPage(client, '$et-ConcertScheduled', { kind: 'oldest' }, MAX_PARTITIONS);
    return [
      ...new Set(
        page.events
          .map((event) => event.target?.stream)
          .filter((stream): stream is string => typeof stream === 'string'),
      ),
    ];
  } catch (error) {
    if (error instanceof StreamMissingError) return [];
    throw error;
  }
}

export async function projectionDetail(
  client: EventStoreDBClient,
  name: string,
  askedPartition?: string,
): Promise<ProjectionDetail | null> {
  const summary = (await listProjections(client)).find((projection) => projection.name === name);
  if (!summary) return null;
  const source = (await readProjectionFiles()).find((file) => file.name === name)?.query ?? null;
  const partitioned = source === null ? false : /\.(partitionBy|foreachStream)\s*\(/.test(source);
  const [state, result, known] = await Promise.all([
    client.getProjectionState(name).catch((error: Error) => ({ error: error.message })),
    client.getProjectionResult(name).catch((error: Error) => ({ error: error.message })),
    knownPartitions(client, name),
  ]);
  const names = [...new Set([...(askedPartition ? [askedPartition] : []), ...known])].slice(0, MAX_PARTITIONS);
  const partitions = await Promise.all(
    names.map(async (partition) => ({
      name: partition,
      state: await client.getProjectionState(name, { partition }).catch((error: Error) => ({ error: error.message })),
      result: await client.getProjectionResult(name, { partition }).catch((error: Error) => ({ error: error.message })),
    })),
  );
  return { ...summary, state, result, source, partitioned, partitions };
}

export type ProjectionAction = 'reset' | 'enable' | 'disable';

export async function applyProjectionAction(
  client: EventStoreDBClient,
  name: string,
  action: ProjectionAction,
): Promise<void> {
  if (action === 'reset') await client.resetProjection(name);
  else if (action === 'enable') await client.enableProjection(name);
  else await client.disableProjection(name);
}
