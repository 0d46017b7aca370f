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

/** What a checkpoint stores: the last position whose outputs are written, and every partition's state. */
export interface Checkpoint {
  readonly incarnation: string;
  readonly epoch: number;
  /** Log position as a decimal string; '-1' before the first event. */
  readonly position: string;
  readonly snapshot: string;
}

export const REGISTRY_STREAM = '$projections-$all';
export const definitionStream = (name: string): string => `$projections-${name}`;
export const checkpointStream = (name: string): string => `$projections-${name}-checkpoint`;
export const emittedStreamsStream = (name: string): string => `$projections-${name}-emittedstreams`;

const JSON_CONTENT = 'application/json';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function jsonEvent(type: string, data: unknown, metadata?: unknown, id: string = randomUUID()): ProposedEvent {
  return {
    id,
    type,
    contentType: JSON_CONTENT,
    data: encoder.encode(JSON.stringify(data)),
    customMetadata: metadata === undefined ? new Uint8Array() : encoder.encode(JSON.stringify(metadata)),
  };
}

export const textOf = (bytes: Uint8Array): string => decoder.decode(bytes);

export class ProjectionPersistence {
  constructor(private readonly log: EventLog) {}

  /** Names of the projections created and not deleted, in creation order. */
  registeredNames(): string[] {
    const names = new Set<string>();
    for (const event of this.readAll(REGISTRY_STREAM)) {
      const name = JSON.parse(textOf(event.data)) as string;
      if (event.type === '$ProjectionCreated') names.add(name);
      if (event.type === '$ProjectionDeleted') names.delete(name);
    }
    return [...names];
  }

  loadDefinition(name: string): PersistedDefinition | null {
    const last = this.lastEvent(definitionStream(name));
    return last === null ? null : (JSON.parse(textOf(last.data)) as PersistedDefinition);
  }

  /** The latest checkpoint that belongs to this incarnation and epoch of the projection, if any. */
  loadCheckpoint(definition: PersistedDefinition): Checkpoint | null {
    const last = this.lastEvent(checkpointStream(definition.name));
    if (last === null) return null;
    const checkpoint = JSON.parse(textOf(last.data)) as Checkpoint;
    const current = checkpoint.incarnation === definition.incarnation && checkpoint.epoch === definition.epoch;
    return current ? checkpoint : null;
  }

  trackedStreams(name: string): string[] {
    return this.readAll(emittedStreamsStream(name)).map((event) => JSON.parse(textOf(event.data)) as string);
  }

  async register(definition: PersistedDefinition): Promise<void> {
    await this.write(REGISTRY_STREAM, [jsonEvent('$ProjectionCreated', definition.name)]);
    // Only the latest checkpoint matters: EventStoreDB keeps the checkpoint stream short in the same way.
    await this.write(`$$${checkpointStream(definition.name)}`, [jsonEvent('$metadata', { $maxCount: 2 })]);
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
    await this.write(REGISTRY_STREAM, [jsonEvent('$ProjectionDeleted', name)]);
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
