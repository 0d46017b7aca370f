// What a query declares (its source, partitioning, handlers, result options) and which events it therefore reads.
import { ProjectionError } from './errors.js';
import { categoryOf, type ProjectionInput } from './events.js';

export interface QuerySources {
  readonly all: boolean;
  readonly categories: readonly string[];
  readonly streams: readonly string[];
}

export interface QueryDefinition {
  readonly sources: QuerySources;
  /** 'none': one state; 'stream': `foreachStream()`; 'custom': `partitionBy(fn)`. */
  readonly partitioning: 'none' | 'stream' | 'custom';
  readonly handledTypes: readonly string[];
  readonly handlesAny: boolean;
  readonly handlesDeleted: boolean;
  readonly definesTransform: boolean;
  /** `outputState()` was called: results are written to a result stream. */
  readonly producesResults: boolean;
  readonly resultStreamName: string | null;
  readonly partitionResultStreamNamePattern: string | null;
  readonly options: {
    readonly resultStreamName?: string;
    readonly $includeLinks?: boolean;
    readonly reorderEvents?: boolean;
    readonly processingLag?: number;
    readonly biState?: boolean;
  };
}

/**
 * Checks what the sandbox described; a query without a source cannot run. One that handles no event (only
 * `$init`, or no `when`) runs, as on the real server: its state stays the initial one.
 */
export function parseDefinition(described: unknown): QueryDefinition {
  const definition = described as QueryDefinition;
  if (definition.sources === null) {
    throw new ProjectionError(
      'InvalidQuery',
      'The query selects no events: call fromAll(), fromCategory() or fromStream() first',
    );
  }
  return definition;
}

const LINK_EVENT_TYPE = '$>';

/** Whether an event of the log reaches the query's handlers, decided without entering the sandbox. */
export function selectsEvent(
  definition: QueryDefinition,
  input: Pick<ProjectionInput, 'streamId' | 'eventType'>,
): boolean {
  if (input.eventType === LINK_EVENT_TYPE && definition.options.$includeLinks !== true) return false;
  if (!definition.handlesAny && !definition.handledTypes.includes(input.eventType)) return false;
  const { sources } = definition;
  // Like the real fromAll over user data: system streams ($-prefixed: checkpoints, $ce- links, metadata) are not fed.
  if (sources.all) return !input.streamId.startsWith('$');
  if (sources.streams.includes(input.streamId)) return true;
  const category = categoryOf(input.streamId);
  return category !== null && sources.categories.includes(category);
}

/** Where `outputState()` writes the result of a partition, following EventStoreDB's names. */
export function resultStreamOf(definition: QueryDefinition, projectionName: string, partition: string): string {
  if (partition === '') {
    return (
      definition.resultStreamName ?? definition.options.resultStreamName ?? `$projections-${projectionName}-result`
    );
  }
  const pattern = definition.partitionResultStreamNamePattern;
  return pattern !== null ? pattern.replace('{0}', partition) : `$projections-${projectionName}-${partition}-result`;
}
