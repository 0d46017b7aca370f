// All subscription groups of the server: their saved definitions, the live feed and the timer that drive them.
import { randomUUID } from 'node:crypto';
import type { Logger } from '../plugin.js';
import type { EventLog } from '../store/types.js';
import {
  ALL,
  CONFIG_EVENT_TYPE,
  CONFIG_STREAM,
  fromConfigEntry,
  groupKey,
  keyOf,
  sourceName,
  toConfigEntry,
  type ConfigEntry,
  type GroupDefinition,
} from './definition.js';
import { groupExists, groupFailed, groupNotFound } from './errors.js';
import { filterProblem } from './filter.js';
import { SubscriptionGroup } from './group.js';

/** Message timeouts and checkpoint timers are checked this often (the real server: every second). */
export const TICK_MS = 100;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class GroupRegistry {
  private groups = new Map<string, SubscriptionGroup>();
  /**
   * Streams that have had a group since the subsystem started, as the real server's subscription topics: a
   * topic stays when its last group is deleted, so listing it answers an empty list rather than "not found".
   */
  private topics = new Set<string>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private configWrites: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly log: EventLog,
    private readonly logger: Logger,
  ) {}

  /** Loads the saved groups and starts feeding them; each resumes after its checkpoint. */
  start(): void {
    this.topics = new Set();
    for (const entry of this.readConfig()) {
      const definition = fromConfigEntry(entry);
      this.groups.set(keyOf(definition), new SubscriptionGroup(definition, this.log, this.logger));
      this.topics.add(sourceName(definition.source));
    }
    this.unsubscribe = this.log.onCommitted((event) => {
      for (const group of this.groups.values()) group.onCommitted(event);
    });
    this.timer = setInterval(() => {
      for (const group of this.groups.values()) group.tick();
    }, TICK_MS);
    this.timer.unref();
  }

  /** Drops every consumer and waits until checkpoints, parks and the configuration are written. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    if (this.timer) clearInterval(this.timer);
    const groups = [...this.groups.values()];
    this.groups = new Map();
    for (const group of groups) group.stop();
    await Promise.all([this.configWrites, ...groups.map((group) => group.streams.flushed())]);
  }

  /** Restart subsystem: as after a server restart, in-memory progress is lost and groups resume from checkpoints. */
  async restart(): Promise<void> {
    await this.stop();
    this.start();
  }

  find(stream: string, group: string): SubscriptionGroup {
    const found = this.groups.get(groupKey(stream, group));
    if (!found) throw groupNotFound(stream, group);
    return found;
  }

  /** The groups of one stream (or `$all`), or every group; a stream that never had one is not found, as on the real server. */
  list(stream?: string): SubscriptionGroup[] {
    if (stream !== undefined && !this.topics.has(stream)) throw groupNotFound(stream, '');
    const all = [...this.groups.values()];
    return stream === undefined ? all : all.filter((group) => sourceName(group.definition.source) === stream);
  }

  async create(definition: GroupDefinition): Promise<void> {
    const stream = sourceName(definition.source);
    if (this.groups.has(keyOf(definition))) throw groupExists(stream, definition.group);
    const problem = this.problemWith(definition);
    if (problem) throw groupFailed(stream, definition.group, problem);
    this.groups.set(keyOf(definition), new SubscriptionGroup(definition, this.log, this.logger));
    this.topics.add(stream);
    await this.saveConfig();
  }

  /** Replaces a group's settings; its consumers are dropped and it continues from its checkpoint. */
  async update(definition: GroupDefinition): Promise<void> {
    const stream = sourceName(definition.source);
    const old = this.find(stream, definition.group);
    // The update request has no filter: a `$all` group keeps the one it was created with.
    const next: GroupDefinition =
      definition.source.kind === 'all' && old.definition.source.kind === 'all'
        ? { ...definition, source: old.definition.source }
        : definition;
    const problem = this.problemWith(next);
    if (problem) throw groupFailed(stream, definition.group, problem);
    old.stop();
    await old.streams.flushed();
    this.groups.set(keyOf(next), new SubscriptionGroup(next, this.log, this.logger));
    await this.saveConfig();
  }

  async delete(stream: string, group: string): Promise<void> {
    const found = this.find(stream, group);
    this.groups.delete(found.key);
    found.stop();
    found.streams.forget();
    await Promise.all([found.streams.flushed(), this.saveConfig()]);
  }

  /** The refusals the real server gives for a definition, by their reason text. */
  private problemWith(definition: GroupDefinition): string | undefined {
    const { source, startFrom } = definition;
    if (source.kind === 'stream' && source.stream === '') return 'Bad stream name.';
    if (source.kind === 'stream' && source.stream === ALL) {
      return 'Persistent subscriptions to $all are only supported over gRPC through gRPC clients';
    }
    if (source.kind === 'all' && typeof startFrom === 'bigint' && startFrom > this.log.lastPosition) {
      return 'Invalid Start From position: commit position must be less than or equal to the last commit position in the transaction file.';
    }
    return source.kind === 'all' ? filterProblem(source.filter) : undefined;
  }

  private readConfig(): ConfigEntry[] {
    const result = this.log.readStream(CONFIG_STREAM, 'end', 'backwards', 1);
    if (result.kind !== 'ok' || result.events.length === 0) return [];
    try {
      const config = JSON.parse(decoder.decode(result.events[0].data)) as { entries?: ConfigEntry[] };
      return config.entries ?? [];
    } catch (error) {
      this.logger('error', 'unreadable persistent subscription configuration', { error: String(error) });
      return [];
    }
  }

  /** Saves every definition as one event, as the real server does; writes are chained to stay in order. */
  private saveConfig(): Promise<unknown> {
    const config = {
      version: '2',
      updated: new Date().toISOString(),
      updatedBy: 'admin',
      entries: [...this.groups.values()].map((group) => toConfigEntry(group.definition)),
    };
    const event = {
      id: randomUUID(),
      type: CONFIG_EVENT_TYPE,
      contentType: 'application/json',
      data: encoder.encode(JSON.stringify(config)),
      customMetadata: new Uint8Array(0),
    };
    const write = this.configWrites.then(() => this.log.append(CONFIG_STREAM, 'any', [event]));
    this.configWrites = write.catch(() => undefined);
    return write;
  }
}
