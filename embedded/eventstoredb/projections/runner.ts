// One projection at work: its engine fed from the log (catch-up, then live), its outputs and checkpoints appended back in order.
import { performance } from 'node:perf_hooks';
import type { Logger } from '../plugin.js';
import type { EventLog, RecordedEvent } from '../store/types.js';
import { ProjectionCheckpoints } from './checkpoints.js';
import { resultStreamOf, selectsEvent } from './definition.js';
import { ProjectionEngine, type ProcessOutcome } from './engine.js';
import type { ProjectionOutput } from './events.js';
import { deletionNotice, toInput, toProposed } from './log-events.js';
import type { PersistedDefinition, ProjectionPersistence } from './persistence.js';

export type RunStatus = 'Running' | 'Stopped' | 'Faulted';

export interface RunnerOptions {
  readonly handlerTimeoutMs: number;
  /** How long state changes may wait before a checkpoint records them (a stop always writes one). */
  readonly checkpointAfterMs: number;
  readonly logger: Logger;
}

export interface RunnerStatistics {
  readonly status: RunStatus;
  readonly stateReason: string;
  /** Log position of the last event read, -1 before the first. */
  readonly position: bigint;
  readonly lastCheckpoint: bigint;
  readonly eventsProcessedAfterRestart: number;
  readonly partitionsCached: number;
  readonly writesInProgress: number;
  readonly coreProcessingTimeMs: number;
  /** Percentage of the log read. */
  readonly progress: number;
}

const READ_BATCH = 500;
/**
 * How long a caught-up projection lets new commits gather before it runs them. Every call into the sandbox pays a
 * fixed price: entering the context, and above all arming its watchdog, which starts a thread per call (about
 * 80 µs of CPU and 200 µs of wall time on an idle machine, several times that on a busy one). One event at a time
 * made that the larger part of the embedded server's CPU under steady traffic. 50 ms of delay caps a projection
 * at 20 calls a second however busy the log, and is still far below what anyone watching a projection notices.
 */
const LIVE_COALESCE_MS = 50;

export class ProjectionRunner {
  private engine: ProjectionEngine | null = null;
  private status: RunStatus = 'Stopped';
  private fault = '';
  private position = -1n;
  private processed = 0;
  private coreMs = 0;
  private pendingWrites = 0;
  private writes: Promise<void> = Promise.resolve();
  private readonly checkpoints: ProjectionCheckpoints;
  private tracked = new Set<string>();
  private unsubscribe: (() => void) | null = null;
  private wake: (() => void) | null = null;
  private pumping: Promise<void> = Promise.resolve();
  // Each start or stop bumps it, so that a pump of an earlier run sees it is obsolete and ends.
  private generation = 0;

  constructor(
    private readonly log: EventLog,
    private readonly persistence: ProjectionPersistence,
    public definition: PersistedDefinition,
    private readonly options: RunnerOptions,
  ) {
    this.checkpoints = new ProjectionCheckpoints(persistence, options.checkpointAfterMs, () => void this.checkpoint());
  }

  get isRunning(): boolean {
    return this.status === 'Running';
  }

  /** Restores the last checkpoint into a fresh sandbox and follows the log from there. */
  start(): void {
    if (this.status === 'Running') return;
    const generation = ++this.generation;
    if (!this.prepare()) return;
    this.status = 'Running';
    this.unsubscribe = this.log.onCommitted(() => this.wake?.());
    this.pumping = this.pump(generation).catch((error: unknown) =>
      this.faultWith(`Processing failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** Stops reading; with `writeCheckpoint` (disable, shutdown) the state so far is recorded, without (abort) it is not. */
  async stop(writeCheckpoint: boolean): Promise<void> {
    const wasRunning = this.status === 'Running';
    this.halt();
    if (wasRunning) this.status = 'Stopped';
    await this.pumping;
    if (writeCheckpoint && wasRunning) await this.checkpoint();
    await this.writes;
  }

  state(partition: string): unknown {
    return this.readableEngine()?.state(partition) ?? null;
  }

  result(partition: string): unknown {
    return this.readableEngine()?.result(partition) ?? null;
  }

  /** The streams `outputState()` writes results to, one per partition with a state. */
  resultStreams(): string[] {
    const engine = this.readableEngine();
    if (engine === null || !engine.definition.producesResults) return [];
    return engine.partitions().map((partition) => resultStreamOf(engine.definition, this.definition.name, partition));
  }

  statistics(): RunnerStatistics {
    const last = this.log.lastPosition;
    return {
      status: this.status,
      stateReason: this.fault,
      position: this.position,
      lastCheckpoint: this.checkpoints.position,
      eventsProcessedAfterRestart: this.processed,
      partitionsCached: this.engine?.partitions().length ?? 0,
      writesInProgress: this.pendingWrites,
      coreProcessingTimeMs: Math.round(this.coreMs),
      progress:
        last <= 0n ? 100 : Math.min(100, (Number(this.position < 0n ? 0n : this.position) / Number(last)) * 100),
    };
  }

  private prepare(): boolean {
    this.fault = '';
    this.processed = 0;
    const { name, query, emitEnabled } = this.definition;
    try {
      this.engine = new ProjectionEngine(query, {
        name,
        emitEnabled,
        handlerTimeoutMs: this.options.handlerTimeoutMs,
        onLog: (message) => this.options.logger('info', `projection ${name}: ${message}`),
      });
    } catch (error) {
      this.engine = null;
      this.faultWith(error instanceof Error ? error.message : String(error));
      return false;
    }
    this.position = this.checkpoints.restore(this.engine, this.definition);
    this.tracked = new Set(this.persistence.trackedStreams(name));
    return true;
  }

  // A projection that was never started in this process (disabled at boot) still answers with its checkpointed state.
  private readableEngine(): ProjectionEngine | null {
    if (this.engine === null && this.status === 'Stopped') this.prepare();
    return this.engine;
  }

  private async pump(generation: number): Promise<void> {
    const current = () => this.generation === generation && this.status === 'Running';
    while (current()) {
      const batch = this.log.readAll(this.position + 1n, 'forwards', READ_BATCH);
      if (batch.length === 0) {
        // readAll is synchronous, so no commit can slip in between it and setting the wake-up.
        await new Promise<void>((resolve) => (this.wake = resolve));
        this.wake = null;
        await new Promise<void>((resolve) => setTimeout(resolve, LIVE_COALESCE_MS));
        continue;
      }
      this.handleBatch(batch);
      // Waiting for this batch's writes bounds the memory a long catch-up can hold.
      await this.writes;
      // A partial batch means the end of the log: under steady traffic new commits are always there by now, and
      // running them at once would mean one small sandbox call after another. Let them gather first.
      if (batch.length < READ_BATCH) await new Promise<void>((resolve) => setTimeout(resolve, LIVE_COALESCE_MS));
      else await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  // Runs of ordinary events go to the engine together; a deletion notice is handled on its own, in its place.
  private handleBatch(events: readonly RecordedEvent[]): void {
    const engine = this.engine as ProjectionEngine;
    let run: RecordedEvent[] = [];
    const flush = (): boolean => {
      const ok = this.settle(run, engine.processBatch(run.map(toInput)));
      run = [];
      return ok;
    };
    const started = performance.now();
    for (const event of events) {
      const deleted = deletionNotice(event);
      if (deleted === null) {
        // Decoding the data of every event in the log would dominate a catch-up: only selected events are decoded.
        if (selectsEvent(engine.definition, { streamId: event.streamId, eventType: event.type })) run.push(event);
        else if (run.length === 0) this.position = event.position;
        continue;
      }
      if (!flush() || !this.settle([event], [engine.streamDeleted(deleted.streamId, deleted.softDelete)])) break;
    }
    if (this.status === 'Running' && flush()) this.position = events[events.length - 1].position;
    this.coreMs += performance.now() - started;
  }

  /** Applies the outcomes of processed events in order; false once one faulted the projection. */
  private settle(events: readonly RecordedEvent[], outcomes: readonly ProcessOutcome[]): boolean {
    for (const [index, outcome] of outcomes.entries()) {
      const event = events[index];
      if (outcome.kind === 'faulted') {
        this.faultWith(outcome.reason);
        return false;
      }
      this.position = event.position;
      if (outcome.kind === 'skipped') continue;
      this.processed += 1;
      this.checkpoints.changed(outcome.partition);
      outcome.outputs.forEach((output, outputIndex) =>
        this.enqueueWrite(() => this.writeOutput(output, event, outputIndex)),
      );
    }
    return true;
  }

  private async writeOutput(output: ProjectionOutput, source: RecordedEvent, index: number): Promise<void> {
    if (this.definition.trackEmittedStreams && !this.tracked.has(output.streamId)) {
      this.tracked.add(output.streamId);
      await this.persistence.track(this.definition.name, output.streamId);
    }
    await this.persistence.write(output.streamId, [toProposed(output, source, this.definition.incarnation, index)]);
  }

  /** Queues the results of the partitions that changed (with `outputState`) and then the checkpoint itself. */
  private checkpoint(): Promise<void> {
    const engine = this.engine;
    if (engine === null || this.status === 'Faulted' || this.position === this.checkpoints.position) return this.writes;
    let write: () => Promise<void>;
    try {
      // Taking it runs query code (transformBy, filterBy): a throw there faults this projection, never the server.
      write = this.checkpoints.take(engine, this.definition, this.position);
    } catch (error) {
      this.faultWith(error instanceof Error ? error.message : String(error));
      return this.writes;
    }
    return this.enqueueWrite(write);
  }

  // Writes run one after another in the order they were queued; once the projection faults, the rest are dropped.
  private enqueueWrite(write: () => Promise<void>): Promise<void> {
    this.pendingWrites += 1;
    this.writes = this.writes
      .then(() => (this.status === 'Faulted' ? undefined : write()))
      .catch((error: unknown) =>
        this.faultWith(`Writing failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => (this.pendingWrites -= 1));
    return this.writes;
  }

  private faultWith(reason: string): void {
    this.halt();
    this.status = 'Faulted';
    this.fault = reason;
    this.options.logger('warn', 'projection faulted', { projection: this.definition.name, reason });
  }

  private halt(): void {
    this.generation += 1;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.checkpoints.cancel();
    this.wake?.();
  }
}
