// The standard projections as the projections subsystem manages them: registered at the first start, listed, enabled, disabled, reset.
import type { Logger } from '../plugin.js';
import type { EventLog } from '../store/types.js';
import { SystemProjectionRunner } from '../system/projectionRunner.js';
import { SYSTEM_PROJECTIONS, systemProjectionNamed, type SystemProjection } from '../system/systemProjections.js';
import { ProjectionError } from './errors.js';
import type { ProjectionSummary } from './manager.js';
import { definitionStream, jsonEvent, plainEvent, REGISTRY_STREAM, type ProjectionPersistence } from './persistence.js';

/** A standard projection's definition in `$projections-<name>`, in the shape the real server stores. */
interface SystemDefinition {
  readonly name: string;
  readonly handlerType: string;
  readonly query: string;
  readonly mode: 'Continuous';
  readonly enabled: boolean;
  readonly emitEnabled: true;
  readonly checkpointsEnabled: true;
  readonly trackEmittedStreams: false;
  readonly version: number;
  readonly epoch: number;
  /** Log position of its last reset: its writes before it belong to an earlier epoch. */
  readonly resetAt: string;
}

export interface SystemProjectionOptions {
  readonly logger: Logger;
  /** Like the real server's `StartStandardProjections`: enable every standard projection found stopped at start. */
  readonly startStandardProjections: boolean;
}

export const isSystemProjection = (name: string): boolean => systemProjectionNamed(name) !== undefined;

export class SystemProjections {
  private constructor(
    private readonly log: EventLog,
    private readonly persistence: ProjectionPersistence,
    private readonly definitions: Map<string, SystemDefinition>,
    private readonly runner: SystemProjectionRunner,
  ) {}

  /**
   * As the real server at its first start: `$ProjectionsInitialized`, then a `$ProjectionCreated` for each standard
   * projection in `$projections-$all`, and each one's definition. This is why a new database is never empty.
   */
  static async open(
    log: EventLog,
    persistence: ProjectionPersistence,
    options: SystemProjectionOptions,
  ): Promise<SystemProjections> {
    if (log.streamRevision(REGISTRY_STREAM) === 'no_stream') {
      await persistence.write(REGISTRY_STREAM, [plainEvent('$ProjectionsInitialized', '')]);
    }
    const definitions = new Map<string, SystemDefinition>();
    const unregistered: SystemProjection[] = [];
    for (const projection of SYSTEM_PROJECTIONS) {
      const stored = persistence.lastDefinition<SystemDefinition>(projection.name);
      if (stored === null) unregistered.push(projection);
      else definitions.set(projection.name, stored);
    }
    if (unregistered.length > 0) await persistence.registerNames(unregistered.map((projection) => projection.name));
    for (const projection of SYSTEM_PROJECTIONS) {
      const current = definitions.get(projection.name) ?? newDefinition(projection);
      const wanted = options.startStandardProjections && !current.enabled ? { ...current, enabled: true } : current;
      if (wanted !== definitions.get(projection.name)) await save(persistence, wanted);
      definitions.set(projection.name, wanted);
    }
    const resetAt = new Map(
      [...definitions.values()].map((definition) => [definition.name, BigInt(definition.resetAt)]),
    );
    const runner = new SystemProjectionRunner(log, options.logger, resetAt);
    runner.start(SYSTEM_PROJECTIONS.filter((projection) => definitions.get(projection.name)?.enabled));
    return new SystemProjections(log, persistence, definitions, runner);
  }

  names(): string[] {
    return SYSTEM_PROJECTIONS.map((projection) => projection.name);
  }

  async enable(name: string): Promise<void> {
    await this.change(name, (definition) => ({ ...definition, enabled: true }));
  }

  async disable(name: string): Promise<void> {
    await this.change(name, (definition) => ({ ...definition, enabled: false }));
  }

  /** A new epoch: the projection writes its streams again from the first event. */
  async reset(name: string): Promise<void> {
    const projection = this.projection(name);
    this.runner.stop(projection);
    await this.runner.reset(projection);
    await this.change(name, (definition) => ({
      ...definition,
      epoch: definition.epoch + 1,
      resetAt: String(this.log.lastPosition),
    }));
  }

  summary(name: string): ProjectionSummary {
    const projection = this.projection(name);
    const definition = this.definition(name);
    const position = this.runner.position(projection);
    const last = this.log.lastPosition;
    return {
      name,
      version: definition.version,
      epoch: definition.epoch,
      status: this.runner.isRunning(projection) ? 'Running' : 'Stopped',
      stateReason: '',
      position,
      lastCheckpoint: position,
      eventsProcessedAfterRestart: this.runner.eventsProcessed(projection),
      partitionsCached: 0,
      writesInProgress: 0,
      coreProcessingTimeMs: 0,
      progress: last <= 0n ? 100 : Math.min(100, (Number(position < 0n ? 0n : position) / Number(last)) * 100),
    };
  }

  close(): Promise<void> {
    return this.runner.close();
  }

  private async change(name: string, next: (definition: SystemDefinition) => SystemDefinition): Promise<void> {
    const projection = this.projection(name);
    const definition = next(this.definition(name));
    await save(this.persistence, definition);
    this.definitions.set(name, definition);
    if (definition.enabled) this.runner.start([projection]);
    else this.runner.stop(projection);
  }

  private projection(name: string): SystemProjection {
    const projection = systemProjectionNamed(name);
    if (projection === undefined) throw new ProjectionError('ProjectionNotFound', `Projection '${name}' not found`);
    return projection;
  }

  private definition(name: string): SystemDefinition {
    const definition = this.definitions.get(name);
    if (definition === undefined) throw new ProjectionError('ProjectionNotFound', `Projection '${name}' not found`);
    return definition;
  }
}

function newDefinition(projection: SystemProjection): SystemDefinition {
  return {
    name: projection.name,
    handlerType: projection.handlerType,
    query: projection.config,
    mode: 'Continuous',
    enabled: false,
    emitEnabled: true,
    checkpointsEnabled: true,
    trackEmittedStreams: false,
    version: 1,
    epoch: 0,
    resetAt: '-1',
  };
}

function save(persistence: ProjectionPersistence, definition: SystemDefinition): Promise<void> {
  return persistence.write(definitionStream(definition.name), [jsonEvent('$ProjectionUpdated', definition)]);
}
