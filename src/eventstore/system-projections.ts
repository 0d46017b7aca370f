// The system projections the service relies on: enabled at start-up when they are stopped, and watched by /ready.
import { AccessDeniedError, type EventStoreDBClient } from '@eventstore/db-client';
import type { Logger } from 'winston';
import { NotReadyError, type ReadinessProbe } from '../http/routes/health.js';
import { failureName } from '../store-failures.js';

/**
 * A real EventStoreDB creates these stopped unless it runs with `StartStandardProjections`; stopped, their
 * streams never fill, and what reads them waits for ever without an error.
 */
export const NEEDED_SYSTEM_PROJECTIONS: readonly { readonly name: string; readonly why: string }[] = [
  { name: '$by_event_type', why: 'the booking confirmation and payment processes read $et- streams' },
  { name: '$by_category', why: 'the $ce- streams show each aggregate type (EventStoreDB UI)' },
  { name: '$by_correlation_id', why: "the $bc- streams show each booking's whole process (EventStoreDB UI)" },
];

type ProjectionsClient = Pick<EventStoreDBClient, 'listProjections' | 'enableProjection'>;

const isRunning = (status: string | undefined): boolean => status?.startsWith('Running') === true;

function explain(name: string, error: unknown): string {
  if (error instanceof AccessDeniedError) {
    return `not allowed to enable the system projection ${name}: the connection's user needs to be in $admins or $ops`;
  }
  // Named, not quoted: /ready shows this, and a driver's text may carry an address (the log has it).
  return `could not enable the system projection ${name} (${failureName(error)})`;
}

/**
 * Enables each needed projection that is not running; one that cannot be enabled (no rights, projections
 * switched off on the server) is logged, and the returned readiness probe keeps reporting it.
 */
export async function ensureSystemProjections(client: ProjectionsClient, logger: Logger): Promise<ReadinessProbe> {
  const problems = new Map<string, string>();
  let listed: Map<string, string>;
  try {
    listed = new Map((await client.listProjections()).map((projection) => [projection.name, projection.status]));
  } catch (error) {
    listed = new Map();
    for (const { name } of NEEDED_SYSTEM_PROJECTIONS) problems.set(name, explain(name, error));
  }
  for (const { name, why } of NEEDED_SYSTEM_PROJECTIONS) {
    if (problems.has(name) || isRunning(listed.get(name))) continue;
    try {
      await client.enableProjection(name);
      logger.info(`system projection ${name} enabled`, { projection: name, why });
    } catch (error) {
      problems.set(name, explain(name, error));
    }
  }
  for (const [name, problem] of problems) {
    const { why } = NEEDED_SYSTEM_PROJECTIONS.find((needed) => needed.name === name) ?? { why: '' };
    logger.error(`${problem}; ${why}, and will stay empty until it runs`, { projection: name });
  }
  return { name: 'system-projections', check: () => checkRunning(client, problems) };
}

/** Ready when every needed projection runs now (one may have been stopped since, or enabled by an operator). */
async function checkRunning(client: ProjectionsClient, problems: ReadonlyMap<string, string>): Promise<string> {
  let listed: Map<string, string>;
  try {
    listed = new Map((await client.listProjections()).map((projection) => [projection.name, projection.status]));
  } catch (error) {
    throw new Error(
      [...problems.values()][0] ??
        `could not list the projections: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const stopped = NEEDED_SYSTEM_PROJECTIONS.filter(({ name }) => !isRunning(listed.get(name)));
  if (stopped.length > 0) {
    throw new NotReadyError(
      stopped
        .map(({ name }) => problems.get(name) ?? `the system projection ${name} is ${listed.get(name) ?? 'missing'}`)
        .join('; '),
    );
  }
  return 'running';
}
