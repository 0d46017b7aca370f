// What a subscription group is (source, name, start, settings), the streams it owns, and its saved form.
import type { AllFilter } from './filter.js';
import { defaultSettings, isStrategyName, type GroupSettings } from './settings.js';

export type GroupSource =
  { readonly kind: 'stream'; readonly stream: string } | { readonly kind: 'all'; readonly filter?: AllFilter };

/** Inclusive start: a revision for a stream group, a log position for a `$all` group. */
export type StartFrom = 'start' | 'end' | bigint;

export interface GroupDefinition {
  readonly source: GroupSource;
  readonly group: string;
  readonly startFrom: StartFrom;
  readonly settings: GroupSettings;
}

export const ALL = '$all';
export const CONFIG_STREAM = '$persistentSubscriptionConfig';
export const CONFIG_EVENT_TYPE = '$PersistentConfig';
export const CHECKPOINT_EVENT_TYPE = '$SubscriptionCheckpoint';

export const sourceName = (source: GroupSource): string => (source.kind === 'all' ? ALL : source.stream);

/** `<stream>::<group>`: the subscription id the client sees and the root of the group's own stream names. */
export const groupKey = (stream: string, group: string): string => `${stream}::${group}`;
export const keyOf = (definition: GroupDefinition): string => groupKey(sourceName(definition.source), definition.group);
export const checkpointStream = (key: string): string => `$persistentsubscription-${key}-checkpoint`;
export const parkedStream = (key: string): string => `$persistentsubscription-${key}-parked`;

/** A stream revision or `$all` position as the real server prints it in info and checkpoints. */
export function formatPosition(source: GroupSource, value: bigint): string {
  return source.kind === 'all' ? `C:${value}/P:${value}` : value.toString();
}

export function parsePosition(source: GroupSource, text: string): bigint | undefined {
  if (source.kind === 'stream') return /^-?\d+$/.test(text) ? BigInt(text) : undefined;
  const match = /^C:(-?\d+)\/P:(-?\d+)$/.exec(text);
  return match ? BigInt(match[1]) : undefined;
}

/** `start_from` of the info message: "0"/"-1" for a stream, "C:0/P:0"/"C:-1/P:-1" for `$all`. */
export function formatStartFrom(source: GroupSource, start: StartFrom): string {
  if (start === 'start') return formatPosition(source, 0n);
  if (start === 'end') return formatPosition(source, -1n);
  return formatPosition(source, start);
}

/** One entry of the saved configuration; field names follow the real server's config event. */
export interface ConfigEntry {
  stream: string;
  group: string;
  filter?: AllFilter;
  startPosition: string;
  resolveLinkTos: boolean;
  extraStatistics: boolean;
  messageTimeout: number;
  maxRetryCount: number;
  checkPointAfter: number;
  minCheckPointCount: number;
  maxCheckPointCount: number;
  maxSubscriberCount: number;
  liveBufferSize: number;
  readBatchSize: number;
  historyBufferSize: number;
  namedConsumerStrategy: string;
}

export function toConfigEntry(definition: GroupDefinition): ConfigEntry {
  const { source, settings: s } = definition;
  return {
    stream: sourceName(source),
    group: definition.group,
    ...(source.kind === 'all' && source.filter ? { filter: source.filter } : {}),
    startPosition: formatStartFrom(source, definition.startFrom),
    resolveLinkTos: s.resolveLinkTos,
    extraStatistics: s.extraStatistics,
    messageTimeout: s.messageTimeoutMs,
    maxRetryCount: s.maxRetryCount,
    checkPointAfter: s.checkPointAfterMs,
    minCheckPointCount: s.minCheckPointCount,
    maxCheckPointCount: s.maxCheckPointCount,
    maxSubscriberCount: s.maxSubscriberCount,
    liveBufferSize: s.liveBufferSize,
    readBatchSize: s.readBatchSize,
    historyBufferSize: s.historyBufferSize,
    namedConsumerStrategy: s.strategy,
  };
}

export function fromConfigEntry(entry: ConfigEntry): GroupDefinition {
  const source: GroupSource =
    entry.stream === ALL ? { kind: 'all', filter: entry.filter } : { kind: 'stream', stream: entry.stream };
  const startValue = parsePosition(source, entry.startPosition);
  const startFrom: StartFrom =
    startValue === undefined || startValue === -1n ? 'end' : startValue === 0n ? 'start' : startValue;
  return {
    source,
    group: entry.group,
    startFrom,
    settings: {
      ...defaultSettings,
      resolveLinkTos: entry.resolveLinkTos,
      extraStatistics: entry.extraStatistics,
      messageTimeoutMs: entry.messageTimeout,
      maxRetryCount: entry.maxRetryCount,
      checkPointAfterMs: entry.checkPointAfter,
      minCheckPointCount: entry.minCheckPointCount,
      maxCheckPointCount: entry.maxCheckPointCount,
      maxSubscriberCount: entry.maxSubscriberCount,
      liveBufferSize: entry.liveBufferSize,
      readBatchSize: entry.readBatchSize,
      historyBufferSize: entry.historyBufferSize,
      strategy: isStrategyName(entry.namedConsumerStrategy) ? entry.namedConsumerStrategy : 'RoundRobin',
    },
  };
}
