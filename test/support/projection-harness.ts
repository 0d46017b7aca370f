// Unit-test support for the files in projections/: feed events to a projection, then read its state per partition
// and what it emitted or linked. It runs the same engine as the embedded EventStoreDB, with no server at all.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { ProjectionEngine, type EngineOptions } from '../../embedded/eventstoredb/projections/engine.js';
import { selectsEvent } from '../../embedded/eventstoredb/projections/definition.js';
import type {
  EmittedEvent,
  EmittedLink,
  ProjectionInput,
  ProjectionOutput,
} from '../../embedded/eventstoredb/projections/events.js';

/** An event as a test writes it: data and metadata as plain objects, serialised as JSON. */
export interface GivenEvent {
  readonly stream: string;
  readonly type: string;
  readonly data?: unknown;
  readonly metadata?: Record<string, unknown>;
}

// Rounds of feedback (emitted events read back); real projections need one or two.
const MAX_ROUNDS = 100;

export class ProjectionFaultedError extends Error {
  readonly code = 'ProjectionFaulted';
}

export class ProjectionHarness {
  /** Every event and link the projection wrote, in order. */
  readonly outputs: ProjectionOutput[] = [];
  readonly logs: string[] = [];
  private readonly engine: ProjectionEngine;
  private readonly revisions = new Map<string, number>();

  /** A projection of the top-level projections/ folder, by file name without `.js`. */
  static load(name: string, options: EngineOptions = {}): ProjectionHarness {
    const query = readFileSync(new URL(`../../projections/${name}.js`, import.meta.url), 'utf8');
    return new ProjectionHarness(query, { name, ...options });
  }

  /** Emitting is enabled unless the options say otherwise, as deployment does for projections that emit. */
  constructor(query: string, options: EngineOptions = {}) {
    this.engine = new ProjectionEngine(query, {
      emitEnabled: true,
      ...options,
      onLog: (message) => this.logs.push(message),
    });
  }

  /**
   * Appends events to a pretend log and runs the projection over them in order. An event the projection emits is
   * appended after the one being processed and, when the projection reads that stream too, fed to it in turn, as a
   * server would. Throws `ProjectionFaultedError` when a handler faults the projection.
   */
  given(...events: GivenEvent[]): this {
    const queue = events.map((event) =>
      this.record(event.stream, event.type, JSON.stringify(event.data ?? {}), event.metadata),
    );
    let rounds = 0;
    // Fed in rounds: what a round emits is appended after it, as the log would have it, and read in the next round.
    while (queue.length > 0) {
      const round = queue.splice(0);
      // A projection that reacts to its own output without end would otherwise hang the test.
      if (++rounds > MAX_ROUNDS) throw new Error(`the projection kept reading its own output for ${MAX_ROUNDS} rounds`);
      for (const outcome of this.engine.processBatch(round)) {
        if (outcome.kind === 'faulted') throw new ProjectionFaultedError(outcome.reason);
        if (outcome.kind === 'skipped') continue;
        for (const output of outcome.outputs) {
          this.outputs.push(output);
          const written = this.write(output);
          if (selectsEvent(this.engine.definition, written)) queue.push(written);
        }
      }
    }
    return this;
  }

  state(partition = ''): unknown {
    return this.engine.state(partition);
  }

  result(partition = ''): unknown {
    return this.engine.result(partition);
  }

  partitions(): string[] {
    return this.engine.partitions();
  }

  get faultReason(): string | null {
    return this.engine.faultReason;
  }

  /** Events emitted to one stream, with their data parsed. */
  emittedTo(streamId: string): { eventType: string; data: unknown }[] {
    return this.outputs
      .filter((output): output is EmittedEvent => output.kind === 'emit' && output.streamId === streamId)
      .map((output) => ({ eventType: output.eventType, data: JSON.parse(output.data) as unknown }));
  }

  /** The targets (`<sequenceNumber>@<streamId>`) linked into one stream, in order. */
  linkedTo(streamId: string): string[] {
    return this.outputs
      .filter((output): output is EmittedLink => output.kind === 'link' && output.streamId === streamId)
      .map((output) => output.target);
  }

  private write(output: ProjectionOutput): ProjectionInput {
    return output.kind === 'emit'
      ? this.record(
          output.streamId,
          output.eventType,
          output.data,
          output.metadata === null ? undefined : JSON.parse(output.metadata),
        )
      : this.record(output.streamId, '$>', output.target, undefined, false);
  }

  private record(
    streamId: string,
    eventType: string,
    data: string,
    metadata?: Record<string, unknown>,
    isJson = true,
  ): ProjectionInput {
    const sequenceNumber = this.revisions.get(streamId) ?? 0;
    this.revisions.set(streamId, sequenceNumber + 1);
    const metadataText = metadata === undefined ? '' : JSON.stringify(metadata);
    return { streamId, sequenceNumber, eventType, eventId: randomUUID(), isJson, data, metadata: metadataText };
  }
}
