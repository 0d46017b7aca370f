// Deployment at start-up: creates the projections the server lacks, updates those whose query changed, leaves the rest.
// The gRPC API cannot read a projection's query back, so each deployment is recorded (query hash) in one stream.
import { jsonEvent, StreamNotFoundError, type EventStoreDBClient } from '@eventstore/db-client';
import { status as grpcStatus } from '@grpc/grpc-js';
import type { Logger } from 'winston';
import { readProjectionFiles, type ProjectionFile } from './projection-files.js';

/** One stream, readable in the EventStoreDB UI, that lists every deployment of every projection. */
export const DEPLOYMENTS_STREAM = 'projectiondeployments-service';

export type DeployAction = 'created' | 'updated' | 'unchanged';

export interface DeployOutcome {
  readonly name: string;
  readonly action: DeployAction;
}

// A type alias rather than an interface: the client's JSON event types need an index-compatible shape.
type ProjectionDeployed = {
  name: string;
  queryHash: string;
  emitEnabled: boolean;
};

export async function deployProjections(
  client: EventStoreDBClient,
  { logger, directory }: { logger: Logger; directory?: string },
): Promise<DeployOutcome[]> {
  const files = await readProjectionFiles(directory);
  const existing = new Set((await client.listProjections()).map((projection) => projection.name));
  const deployed = await lastDeployments(client);
  const outcomes: DeployOutcome[] = [];
  for (const file of files) {
    const action = await deployOne(client, file, existing.has(file.name), deployed.get(file.name));
    if (action !== 'unchanged') await recordDeployment(client, file);
    logger.info(`projection ${file.name} ${action}`, { projection: file.name, action, emitEnabled: file.emits });
    outcomes.push({ name: file.name, action });
  }
  return outcomes;
}

async function deployOne(
  client: EventStoreDBClient,
  file: ProjectionFile,
  exists: boolean,
  last: ProjectionDeployed | undefined,
): Promise<DeployAction> {
  if (!exists) {
    try {
      await client.createProjection(file.name, file.query, {
        emitEnabled: file.emits,
        trackEmittedStreams: file.emits,
      });
      return 'created';
    } catch (error) {
      // Another instance of the service, starting at the same moment, created it first: theirs is the same file.
      if ((error as { code?: unknown }).code === grpcStatus.ALREADY_EXISTS) return 'unchanged';
      throw error;
    }
  }
  if (last?.queryHash === file.queryHash && last.emitEnabled === file.emits) return 'unchanged';
  await client.updateProjection(file.name, file.query, { emitEnabled: file.emits });
  // A new query's state is not the old query's state: rebuild it from the first event.
  await client.resetProjection(file.name);
  return 'updated';
}

async function recordDeployment(client: EventStoreDBClient, file: ProjectionFile): Promise<void> {
  const data: ProjectionDeployed = { name: file.name, queryHash: file.queryHash, emitEnabled: file.emits };
  await client.appendToStream(DEPLOYMENTS_STREAM, [jsonEvent({ type: 'ProjectionDeployed', data })]);
}

async function lastDeployments(client: EventStoreDBClient): Promise<Map<string, ProjectionDeployed>> {
  const deployed = new Map<string, ProjectionDeployed>();
  try {
    for await (const resolved of client.readStream<{ type: 'ProjectionDeployed'; data: ProjectionDeployed }>(
      DEPLOYMENTS_STREAM,
    )) {
      if (resolved.event?.type === 'ProjectionDeployed') deployed.set(resolved.event.data.name, resolved.event.data);
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return deployed;
}
