// The projection runtime: one query in a sandbox, fed events one by one, keeping state per partition and collecting outputs.
// It is pure (events in, state and outputs out): the gRPC projections service and the unit-test harness both drive it.
import { ProjectionError } from './errors.js';
import { Sandbox, type SandboxReply } from './sandbox.js';
import { parseDefinition, selectsEvent, type QueryDefinition } from './definition.js';
import type { ProjectionInput, ProjectionOutput } from './events.js';

export interface EngineOptions {
  /** Used in messages and in the sandbox's file names. */
  readonly name?: string;
  /** Longest time one handler (or the query itself) may run; EventStoreDB's default is 250 ms. */
  readonly handlerTimeoutMs?: number;
  /** Without it, a handler that emits or links faults the projection, as on a real server. */
  readonly emitEnabled?: boolean;
  /** Receives every `log(...)` of a handler. */
  readonly onLog?: (message: string) => void;
}

export type ProcessOutcome =
  | { readonly kind: 'skipped' }
  | { readonly kind: 'handled'; readonly partition: string; readonly outputs: readonly ProjectionOutput[] }
  | { readonly kind: 'faulted'; readonly reason: string };

export const DEFAULT_HANDLER_TIMEOUT_MS = 250;

export class ProjectionEngine {
  readonly definition: QueryDefinition;
  private readonly sandbox: Sandbox;
  private readonly emitEnabled: boolean;
  private readonly onLog: (message: string) => void;
  private fault: string | null = null;

  /** Compiles a query; throws `InvalidQuery` when it does not evaluate or defines no source or handlers. */
  constructor(query: string, options: EngineOptions = {}) {
    const name = options.name ?? 'projection';
    this.sandbox = new Sandbox(query, options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS, name);
    if (this.sandbox.queryError !== null) throw new ProjectionError('InvalidQuery', this.sandbox.queryError);
    this.definition = parseDefinition(this.expect(this.sandbox.call('describe')));
    this.emitEnabled = options.emitEnabled ?? false;
    this.onLog = options.onLog ?? (() => undefined);
  }

  /** The reason the projection stopped, or null while it is healthy. */
  get faultReason(): string | null {
    return this.fault;
  }

  /** Feeds one event; once faulted, every later event is refused with the same reason until `reset` or `restore`. */
  process(input: ProjectionInput): ProcessOutcome {
    return this.processBatch([input])[0];
  }

  /**
   * Feeds events in order, one outcome per event, entering the sandbox once for many of them. After a fault, the
   * outcomes of the remaining events are that fault.
   */
  processBatch(inputs: readonly ProjectionInput[]): ProcessOutcome[] {
    const earlier = this.fault;
    if (earlier !== null) return inputs.map(() => ({ kind: 'faulted', reason: earlier }));
    const outcomes: ProcessOutcome[] = inputs.map(() => ({ kind: 'skipped' }));
    const selected = inputs.flatMap((input, index) => (selectsEvent(this.definition, input) ? [index] : []));
    let next = 0;
    while (next < selected.length && this.fault === null) {
      const pending = selected.slice(next);
      const replies = this.sandbox.processBatch(...packed(pending.map((index) => inputs[index])));
      // The watchdog cut the call: the events it covered are lost with the projection, which is faulted anyway.
      const answered = Array.isArray(replies) ? replies : [replies];
      answered.forEach((reply, offset) => {
        outcomes[pending[offset]] = this.fault === null ? this.settle(reply) : { kind: 'faulted', reason: this.fault };
      });
      next += answered.length;
    }
    if (this.fault !== null) {
      const reason = this.fault;
      for (const index of selected.slice(next)) outcomes[index] = { kind: 'faulted', reason };
    }
    return outcomes;
  }

  /** Tells a `foreachStream` projection that a stream is gone; its `$deleted` handler runs on that partition. */
  streamDeleted(streamId: string, softDelete: boolean): ProcessOutcome {
    if (this.fault !== null) return { kind: 'faulted', reason: this.fault };
    if (this.definition.partitioning !== 'stream' || !this.definition.handlesDeleted) return { kind: 'skipped' };
    return this.settle(this.sandbox.call('deleted', streamId, softDelete));
  }

  /** The state of a partition ('' for an unpartitioned projection), or null when it has none yet. */
  state(partition = ''): unknown {
    return this.expect(this.sandbox.call('state', partition));
  }

  /** The state after `transformBy`/`filterBy`, or null when filtered out or absent. */
  result(partition = ''): unknown {
    return this.expect(this.sandbox.call('result', partition));
  }

  partitions(): string[] {
    return this.expect(this.sandbox.call('partitions')) as string[];
  }

  /** Every partition's state as JSON text, to checkpoint; with `partitions`, only theirs (a delta). */
  snapshot(partitions?: readonly string[]): string {
    const only = partitions === undefined ? undefined : JSON.stringify(partitions);
    return JSON.stringify(this.expect(this.sandbox.call('snapshot', only)));
  }

  /** Back to a checkpointed snapshot; clears a fault, as enabling a faulted projection does. */
  restore(snapshot: string): void {
    this.expect(this.sandbox.call('restore', snapshot, false));
    this.fault = null;
  }

  /** Applies a delta snapshot on top of the current states. */
  merge(delta: string): void {
    this.expect(this.sandbox.call('restore', delta, true));
  }

  /** Forgets every state and any fault: the next event starts from `$init` again. */
  reset(): void {
    this.expect(this.sandbox.call('reset'));
    this.fault = null;
  }

  private settle(reply: SandboxReply): ProcessOutcome {
    reply.logs.forEach((message) => this.onLog(message));
    if (!reply.ok) return this.faultWith(reply.error);
    const value = reply.value as { handled: boolean; partition?: string };
    if (!value.handled) return { kind: 'skipped' };
    const outputs = reply.outputs as ProjectionOutput[];
    if (outputs.length > 0 && !this.emitEnabled) {
      const verb = outputs[0]?.kind === 'link' ? 'linkTo' : 'emit';
      return this.faultWith(`'${verb}' is not allowed by the projection/configuration/mode (emitEnabled is false)`);
    }
    return { kind: 'handled', partition: value.partition ?? '', outputs };
  }

  private faultWith(reason: string): ProcessOutcome {
    this.fault = reason;
    return { kind: 'faulted', reason };
  }

  // Reads (state, result, snapshot) only run our own runtime code or transformBy/filterBy; a failure there is the query's.
  private expect(reply: SandboxReply): unknown {
    if (!reply.ok) throw new ProjectionError('InvalidQuery', reply.error);
    return reply.value;
  }
}

/** Events as the sandbox takes a batch: a JSON header of their fields, and their data and metadata end to end. */
function packed(inputs: readonly ProjectionInput[]): [string, string] {
  const header = inputs.map((input) => [
    input.streamId,
    input.sequenceNumber,
    input.eventType,
    input.eventId,
    input.isJson ? 1 : 0,
    input.data.length,
    input.metadata.length,
  ]);
  return [JSON.stringify(header), inputs.map((input) => input.data + input.metadata).join('')];
}
