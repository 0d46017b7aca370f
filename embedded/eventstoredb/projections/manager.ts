// The projections subsystem: the set of user-defined projections, their management operations, and their life with the server.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../plugin.js';
import type { EventLog } from '../store/types.js';
import { DEFAULT_HANDLER_TIMEOUT_MS } from './engine.js';
import { ProjectionError } from './errors.js';
import { checkpointStream, ProjectionPersistence, type PersistedDefinition } from './persistence.js';
import { ProjectionRunner, type RunnerStatistics } from './runner.js';
import { isSystemProjection, SystemProjections } from './system-projections.js';

export interface ManagerOptions {
  readonly logger: Logger;
  readonly handlerTimeoutMs?: number;
  readonly checkpointAfterMs?: number;
  /** Enable the standard projections at start, as a real server with `StartStandardProjections` does (default true). */
  readonly startStandardProjections?: boolean;
}

export interface CreateRequest {
  readonly name: string;
  readonly query: string;
  readonly emitEnabled: boolean;
  readonly trackEmittedStreams: boolean;
}

export interface DeleteRequest {
  readonly deleteEmittedStreams: boolean;
  readonly deleteStateStream: boolean;
  readonly deleteCheckpointStream: boolean;
}

export interface ProjectionSummary extends RunnerStatistics {
  readonly name: string;
  readonly version: number;
  readonly epoch: number;
}

export class ProjectionManager {
  private readonly runners = new Map<string, ProjectionRunner>();
  private system: SystemProjections | undefined;
  private readonly persistence: ProjectionPersistence;
  // Management operations run one at a time, so that two creates of one name cannot both pass the existence check.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly log: EventLog,
    private readonly options: ManagerOptions,
  ) {
    this.persistence = new ProjectionPersistence(log);
  }

  /** Registers or loads the standard projections, then loads every projection stored in the log and starts the enabled ones. */
  async start(): Promise<void> {
    const { logger, startStandardProjections = true } = this.options;
    this.system ??= await SystemProjections.open(this.log, this.persistence, { logger, startStandardProjections });
    await this.loadUserProjections();
  }

  private async loadUserProjections(): Promise<void> {
    for (const name of this.persistence.registeredNames()) {
      if (isSystemProjection(name)) continue;
      const definition = this.persistence.loadDefinition(name);
      if (definition === null) continue;
      const runner = this.runnerFor(definition);
      if (definition.enabled) runner.start();
    }
    this.options.logger('info', 'projections loaded', { count: this.runners.size });
  }

  /** Stops every projection, writing a checkpoint for each so that the next start resumes where this one ended. */
  async stop(): Promise<void> {
    await this.queue;
    await Promise.all([...this.runners.values()].map((runner) => runner.stop(true)));
    await this.system?.close();
  }

  /** RestartSubsystem: every projection stops with a checkpoint and is loaded again from the log. */
  restart(): Promise<void> {
    return this.serially(async () => {
      await Promise.all([...this.runners.values()].map((runner) => runner.stop(true)));
      this.runners.clear();
      await this.loadUserProjections();
    });
  }

  create(request: CreateRequest): Promise<void> {
    return this.serially(async () => {
      if (request.name.trim() === '') throw new ProjectionError('InvalidArgument', 'A projection needs a name');
      if (this.runners.has(request.name) || isSystemProjection(request.name)) {
        throw new ProjectionError('ProjectionExists', `Conflict: projection '${request.name}' already exists`);
      }
      const definition: PersistedDefinition = {
        ...request,
        enabled: true,
        version: 1,
        epoch: 0,
        incarnation: randomUUID(),
      };
      await this.persistence.register(definition);
      this.runnerFor(definition).start();
      this.options.logger('info', 'projection created', { projection: request.name, emitEnabled: request.emitEnabled });
    });
  }

  /** A new query (and optionally emit setting); the projection continues from its checkpoint, as on a real server. */
  update(name: string, query: string, emitEnabled: boolean | undefined): Promise<void> {
    if (isSystemProjection(name))
      return Promise.reject(new ProjectionError('OperationFailed', 'System projections cannot be updated here.'));
    return this.change(name, true, (definition) => ({
      ...definition,
      query,
      emitEnabled: emitEnabled ?? definition.emitEnabled,
      version: definition.version + 1,
    }));
  }

  enable(name: string): Promise<void> {
    if (isSystemProjection(name)) return this.serially(() => this.systemProjections.enable(name));
    return this.change(name, true, (definition) => ({ ...definition, enabled: true }));
  }

  /** Disable writes a checkpoint first; abort stops where it is, so the next enable resumes from the last checkpoint. */
  disable(name: string, writeCheckpoint: boolean): Promise<void> {
    if (isSystemProjection(name)) return this.serially(() => this.systemProjections.disable(name));
    return this.change(name, writeCheckpoint, (definition) => ({ ...definition, enabled: false }));
  }

  /** Starts over from the first event: a new epoch makes every earlier checkpoint obsolete. */
  reset(name: string): Promise<void> {
    if (isSystemProjection(name)) return this.serially(() => this.systemProjections.reset(name));
    return this.change(name, false, (definition) => ({ ...definition, epoch: definition.epoch + 1 }));
  }

  delete(name: string, request: DeleteRequest): Promise<void> {
    return this.serially(async () => {
      if (isSystemProjection(name))
        throw new ProjectionError(
          'OperationFailed',
          "We currently don't allow for the deletion of System Projections.",
        );
      const runner = this.find(name);
      if (runner.isRunning) {
        throw new ProjectionError('ProjectionNotStopped', `Projection '${name}' must be disabled before it is deleted`);
      }
      await runner.stop(false);
      const tracked = this.persistence.trackedStreams(name);
      const resultStreams = runner.resultStreams();
      this.runners.delete(name);
      await this.persistence.unregister(name);
      if (request.deleteCheckpointStream) await this.persistence.deleteStream(checkpointStream(name));
      if (request.deleteEmittedStreams) for (const stream of tracked) await this.persistence.deleteStream(stream);
      if (request.deleteStateStream) for (const stream of resultStreams) await this.persistence.deleteStream(stream);
      this.options.logger('info', 'projection deleted', { projection: name });
    });
  }

  /** The standard projections keep no state: they only write links. */
  state(name: string, partition: string): unknown {
    return isSystemProjection(name) ? null : this.find(name).state(partition);
  }

  result(name: string, partition: string): unknown {
    return isSystemProjection(name) ? null : this.find(name).result(partition);
  }

  summary(name: string): ProjectionSummary {
    if (isSystemProjection(name)) return this.systemProjections.summary(name);
    const runner = this.find(name);
    const { version, epoch } = runner.definition;
    return { name, version, epoch, ...runner.statistics() };
  }

  /** The standard projections first, as the real server lists them, then the others in creation order. */
  names(): string[] {
    return [...this.systemProjections.names(), ...this.runners.keys()];
  }

  private get systemProjections(): SystemProjections {
    if (this.system === undefined)
      throw new ProjectionError('ProjectionNotFound', 'The projections subsystem has not started');
    return this.system;
  }

  private change(
    name: string,
    writeCheckpoint: boolean,
    next: (definition: PersistedDefinition) => PersistedDefinition,
  ): Promise<void> {
    return this.serially(async () => {
      const runner = this.find(name);
      await runner.stop(writeCheckpoint);
      runner.definition = next(runner.definition);
      await this.persistence.saveDefinition(runner.definition);
      if (runner.definition.enabled) runner.start();
    });
  }

  private runnerFor(definition: PersistedDefinition): ProjectionRunner {
    const runner = new ProjectionRunner(this.log, this.persistence, definition, {
      logger: this.options.logger,
      handlerTimeoutMs: this.options.handlerTimeoutMs ?? DEFAULT_HANDLER_TIMEOUT_MS,
      checkpointAfterMs: this.options.checkpointAfterMs ?? 500,
    });
    this.runners.set(definition.name, runner);
    return runner;
  }

  private find(name: string): ProjectionRunner {
    const runner = this.runners.get(name);
    if (runner === undefined) throw new ProjectionError('ProjectionNotFound', `Projection '${name}' not found`);
    return runner;
  }

  private serially<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
