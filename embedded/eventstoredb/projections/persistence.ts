// Where projections keep themselves in the log, under EventStoreDB's own stream names, so they survive a restart:
// `$projections-$all` (created/deleted), `$projections-<name>` (definition), `-checkpoint`, `-emittedstreams`.
import { randomUUID } from 'node:crypto';
import type { EventLog, ProposedEvent, RecordedEvent } from '../store/types.js';

/** A projection's definition as stored in `$projections-<name>` (event `$ProjectionUpdated`). */
export interface PersistedDefinition {
  readonly name: string;
  readonly query: string;
  readonly emitEnabled: boolean;
  readonly trackEmittedStreams: boolean;
  readonly enabled: boolean;
  /** Incremented by every update of the query. */
  readonly version: number;
  /** Incremented by every reset: a checkpoint of an older epoch is not restored. */
  readonly epoch: number;
  /** Random per creation: a projection deleted and created again does not pick up its predecessor's checkpoint. */
  readonly incarnation: string;
}

/**
 * What a checkpoint stores: the last position whose outputs are written, and partition states: all of them (full),
 * or only those changed since the previous checkpoint (a delta), so that a projection with many partitions does not
 * rewrite them all every time.
 */
export interface Checkpoint {
  readonly incarnation: string;
  readonly epoch: number;
  /** Log position as a decimal string; '-1' before the first event. */
  readonly position: string;
  readonly snapshot: string;
  readonly full: boolean;
}

/** At most this many deltas follow a full checkpoint; the checkpoint stream keeps enough events to reach one. */
export const DELTAS_PER_FULL_CHECKPOINT = 50;
const CHECKPOINTS_KEPT = 2 * (DELTAS_PER_FULL_CHECKPOINT + 1);

export const REGISTRY_STREAM = '$projections-$all';
export const definitionStream = (name: string): string => `$projections-${name}`;
export const checkpointStream = (name: string): string => `$projections-${name}-checkpoint`;
export const emittedStreamsStream = (name: string): string => `$projections-${name}-emittedstreams`;

const JSON_CONTENT = 'application/json';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function jsonEvent(type: string, data: unknown): ProposedEvent {
  return {
    id: randomUUID(),
    type,
    contentType: JSON_CONTENT,
    data: encoder.encode(JSON.stringify(data)),
    customMetadata: new Uint8Array(),
  };
}

export const textOf = (bytes: Uint8Array): string => decoder.decode(bytes);

/** An event whose data is plain text: registry events carry the projection's name so, as on the real server. */
export function plainEvent(type: string, text: string): ProposedEvent {
  return {
    id: randomUUID(),
    type,
    contentType: 'application/octet-stream',
    data: encoder.encode(text),
    customMetadata: new Uint8Array(),
  };
}

/** Data directories written before names were plain text hold them as JSON strings. */
function registeredName(event: RecordedEvent): string {
  const text = textOf(event.data);
  return text.startsWith('"') ? (JSON.parse(text) as string) : text;
}

export class ProjectionPersistence {
  constructor(private readonly log: EventLog) {}

  /** Names of the projections created and not deleted, in creation order. */
  registeredNames(): string[] {
    const names = new Set<string>();
    for (const event of this.readAll(REGISTRY_STREAM)) {
      if (event.type === '$ProjectionCreated') names.add(registeredName(event));
      if (event.type === '$ProjectionDeleted') names.delete(registeredName(event));
    }
    return [...names];
  }

  loadDefinition(name: string): PersistedDefinition | null {
    return this.lastDefinition<PersistedDefinition>(name);
  }

  /** The latest `$ProjectionUpdated` of `$projections-<name>`, whatever kind of projection wrote it. */
  lastDefinition<T>(name: string): T | null {
    const last = this.lastEvent(definitionStream(name));
    return last === null ? null : (JSON.parse(textOf(last.data)) as T);
  }

  /**
   * The checkpoints to restore, oldest first: the latest full one of this incarnation and epoch, then the deltas
   * written after it. Empty when there is none.
   */
  loadCheckpoints(definition: PersistedDefinition): Checkpoint[] {
    const recent = this.log.readStream(checkpointStream(definition.name), 'end', 'backwards', CHECKPOINTS_KEPT);
    if (recent.kind !== 'ok') return [];
    const chain: Checkpoint[] = [];
    for (const event of recent.events) {
      const checkpoint = JSON.parse(textOf(event.data)) as Checkpoint;
      if (checkpoint.incarnation !== definition.incarnation || checkpoint.epoch !== definition.epoch) return [];
      chain.unshift(checkpoint);
      if (checkpoint.full) return chain;
    }
    return [];
  }

  trackedStreams(name: string): string[] {
    return this.readAll(emittedStreamsStream(name)).map((event) => JSON.parse(textOf(event.data)) as string);
  }

  /** `$ProjectionCreated` events, one per name, in one write (as the real server registers a batch). */
  async registerNames(names: readonly string[]): Promise<void> {
    await this.write(
      REGISTRY_STREAM,
      names.map((name) => plainEvent('$ProjectionCreated', name)),
    );
  }

  async register(definition: PersistedDefinition): Promise<void> {
    await this.registerNames([definition.name]);
    // Only the checkpoints back to the latest full one matter: the stream is kept short, as EventStoreDB keeps its own.
    await this.write(`$$${checkpointStream(definition.name)}`, [
      jsonEvent('$metadata', { $maxCount: CHECKPOINTS_KEPT }),
    ]);
    await this.saveDefinition(definition);
  }

  async saveDefinition(definition: PersistedDefinition): Promise<void> {
    await this.write(definitionStream(definition.name), [jsonEvent('$ProjectionUpdated', definition)]);
  }

  async saveCheckpoint(name: string, checkpoint: Checkpoint): Promise<void> {
    await this.write(checkpointStream(name), [jsonEvent('$ProjectionCheckpoint', checkpoint)]);
  }

  async track(name: string, stream: string): Promise<void> {
    await this.write(emittedStreamsStream(name), [jsonEvent('$StreamTracked', stream)]);
  }

  async unregister(name: string): Promise<void> {
    await this.write(REGISTRY_STREAM, [plainEvent('$ProjectionDeleted', name)]);
    await this.log.delete(definitionStream(name), 'any');
  }

  /** Soft-deletes a stream the projection owned; a stream that is already gone is fine. */
  async deleteStream(stream: string): Promise<void> {
    if (this.log.streamRevision(stream) === 'no_stream') return;
    await this.log.delete(stream, 'any');
  }

  async write(stream: string, events: readonly ProposedEvent[]): Promise<void> {
    const result = await this.log.append(stream, 'any', events);
    if (result.kind !== 'success') throw new Error(`could not write to ${stream}: ${result.kind}`);
  }

  private readAll(stream: string): readonly RecordedEvent[] {
    const result = this.log.readStream(stream, 'start', 'forwards', Number.MAX_SAFE_INTEGER);
    return result.kind === 'ok' ? result.events : [];
  }

  private lastEvent(stream: string): RecordedEvent | null {
    const result = this.log.readStream(stream, 'end', 'backwards', 1);
    return result.kind === 'ok' && result.events.length > 0 ? result.events[0] : null;
  }
}
