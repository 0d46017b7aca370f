// A running projection's checkpoints: its engine restored from them, when the next one is due, and what it records.
import { resultStreamOf } from './definition.js';
import type { ProjectionEngine } from './engine.js';
import {
  DELTAS_PER_FULL_CHECKPOINT,
  jsonEvent,
  type PersistedDefinition,
  type ProjectionPersistence,
} from './persistence.js';

export class ProjectionCheckpoints {
  private written = -1n;
  /** Partitions changed since the last checkpoint: the next delta and the next results. */
  private readonly changedPartitions = new Set<string>();
  private deltasSinceFull = DELTAS_PER_FULL_CHECKPOINT;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly persistence: ProjectionPersistence,
    /** How long state changes may wait before a checkpoint records them. */
    private readonly afterMs: number,
    /** Takes the checkpoint once that wait is over. */
    private readonly due: () => void,
  ) {}

  /** Log position recorded by the last checkpoint written (or restored), -1 before the first. */
  get position(): bigint {
    return this.written;
  }

  /** Restores the last checkpoint of this incarnation and epoch into a fresh engine; returns the position it records. */
  restore(engine: ProjectionEngine, definition: PersistedDefinition): bigint {
    this.changedPartitions.clear();
    const [full, ...deltas] = this.persistence.loadCheckpoints(definition);
    if (full !== undefined) engine.restore(full.snapshot);
    for (const delta of deltas) engine.merge(delta.snapshot);
    const latest = deltas.at(-1) ?? full;
    // Without a checkpoint of this epoch, the first one written must be full.
    this.deltasSinceFull = full === undefined ? DELTAS_PER_FULL_CHECKPOINT : deltas.length;
    this.written = latest === undefined ? -1n : BigInt(latest.position);
    return this.written;
  }

  /** An event changed this partition's state: the next checkpoint, due within `afterMs`, records it. */
  changed(partition: string): void {
    this.changedPartitions.add(partition);
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.due();
    }, this.afterMs);
    this.timer.unref();
  }

  /** No checkpoint falls due until the next change (the projection stopped or faulted). */
  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Takes the checkpoint at `position`: a full snapshot every DELTAS_PER_FULL_CHECKPOINT times, else the changed
   * partitions only, and their results (with `outputState`). Returns the writes that store them, results first.
   * Throws where the query code it runs (transformBy, filterBy) throws.
   */
  take(engine: ProjectionEngine, definition: PersistedDefinition, position: bigint): () => Promise<void> {
    const { name, incarnation, epoch } = definition;
    const full = this.deltasSinceFull >= DELTAS_PER_FULL_CHECKPOINT;
    const snapshot = full ? engine.snapshot() : engine.snapshot([...this.changedPartitions]);
    const results = this.changedResults(engine, name);
    this.deltasSinceFull = full ? 0 : this.deltasSinceFull + 1;
    this.changedPartitions.clear();
    return async () => {
      for (const [stream, result] of results) await this.persistence.write(stream, [jsonEvent('Result', result)]);
      await this.persistence.saveCheckpoint(name, {
        incarnation,
        epoch,
        position: position.toString(),
        snapshot,
        full,
      });
      this.written = position;
    };
  }

  private changedResults(engine: ProjectionEngine, name: string): [string, unknown][] {
    const definition = engine.definition;
    if (!definition.producesResults) return [];
    return [...this.changedPartitions]
      .map((partition): [string, unknown] => [resultStreamOf(definition, name, partition), engine.result(partition)])
      .filter(([, result]) => result !== null);
  }
}
