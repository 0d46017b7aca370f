// The settings of a subscription group: read from Create/Update requests, validated, and with the client's defaults.
import { pb } from './proto.js';

export type ConsumerStrategyName = 'RoundRobin' | 'DispatchToSingle' | 'Pinned';

export interface GroupSettings {
  readonly resolveLinkTos: boolean;
  readonly extraStatistics: boolean;
  readonly messageTimeoutMs: number;
  readonly maxRetryCount: number;
  readonly checkPointAfterMs: number;
  readonly minCheckPointCount: number;
  readonly maxCheckPointCount: number;
  /** 0 means unbounded, as on the wire. */
  readonly maxSubscriberCount: number;
  readonly liveBufferSize: number;
  readonly readBatchSize: number;
  readonly historyBufferSize: number;
  readonly strategy: ConsumerStrategyName;
}

/** The values `persistentSubscriptionToStreamSettingsFromDefaults()` sends. */
export const defaultSettings: GroupSettings = {
  resolveLinkTos: false,
  extraStatistics: false,
  messageTimeoutMs: 30_000,
  maxRetryCount: 10,
  checkPointAfterMs: 2_000,
  minCheckPointCount: 10,
  maxCheckPointCount: 1_000,
  maxSubscriberCount: 0,
  liveBufferSize: 500,
  readBatchSize: 20,
  historyBufferSize: 500,
  strategy: 'RoundRobin',
};

const strategyByEnum: Record<number, ConsumerStrategyName> = {
  [pb.CreateReq.ConsumerStrategy.DISPATCHTOSINGLE]: 'DispatchToSingle',
  [pb.CreateReq.ConsumerStrategy.ROUNDROBIN]: 'RoundRobin',
  [pb.CreateReq.ConsumerStrategy.PINNED]: 'Pinned',
};

export const isStrategyName = (name: string): name is ConsumerStrategyName =>
  name === 'RoundRobin' || name === 'DispatchToSingle' || name === 'Pinned';

const TICKS_PER_MS = 10_000;

type WireSettings = InstanceType<typeof pb.CreateReq.Settings> | InstanceType<typeof pb.UpdateReq.Settings>;

/** Either a valid strategy or the reason the real server gives when it refuses one. */
function strategyOf(settings: WireSettings): ConsumerStrategyName | { error: string } {
  // Newer clients send the name as text; 6.2.1 sends only the deprecated enum.
  const named = 'getConsumerStrategy' in settings ? settings.getConsumerStrategy() : '';
  if (named !== '') return isStrategyName(named) ? named : { error: `Consumer strategy ${named} does not exist.` };
  const fromEnum = strategyByEnum[settings.getNamedConsumerStrategy()];
  return fromEnum ?? { error: `Consumer strategy ${settings.getNamedConsumerStrategy()} does not exist.` };
}

function milliseconds(ms: number, ticks: string, hasMs: boolean, hasTicks: boolean): number {
  if (hasMs) return ms;
  if (hasTicks) return Math.floor(Number(ticks) / TICKS_PER_MS);
  return 0;
}

/** Reads the wire settings; returns the refusal reason when they cannot make a working group. */
export function settingsFromWire(settings: WireSettings | undefined): GroupSettings | { error: string } {
  if (!settings) return defaultSettings;
  const strategy = strategyOf(settings);
  if (typeof strategy !== 'string') return strategy;
  const parsed: GroupSettings = {
    resolveLinkTos: settings.getResolveLinks(),
    extraStatistics: settings.getExtraStatistics(),
    messageTimeoutMs: milliseconds(
      settings.getMessageTimeoutMs(),
      settings.getMessageTimeoutTicks(),
      settings.hasMessageTimeoutMs(),
      settings.hasMessageTimeoutTicks(),
    ),
    maxRetryCount: settings.getMaxRetryCount(),
    checkPointAfterMs: milliseconds(
      settings.getCheckpointAfterMs(),
      settings.getCheckpointAfterTicks(),
      settings.hasCheckpointAfterMs(),
      settings.hasCheckpointAfterTicks(),
    ),
    minCheckPointCount: settings.getMinCheckpointCount(),
    maxCheckPointCount: settings.getMaxCheckpointCount(),
    maxSubscriberCount: settings.getMaxSubscriberCount(),
    liveBufferSize: settings.getLiveBufferSize(),
    readBatchSize: settings.getReadBatchSize(),
    historyBufferSize: settings.getHistoryBufferSize(),
    strategy,
  };
  const error = validate(parsed);
  return error === undefined ? parsed : { error };
}

/**
 * Values the embedded server cannot run with. The real server accepts some of them and misbehaves
 * later (a zero read batch never reads); refusing them up front is documented in the README.
 */
function validate(settings: GroupSettings): string | undefined {
  const nonNegative: (keyof GroupSettings)[] = [
    'messageTimeoutMs',
    'maxRetryCount',
    'checkPointAfterMs',
    'minCheckPointCount',
    'maxCheckPointCount',
    'maxSubscriberCount',
  ];
  for (const key of nonNegative) {
    if ((settings[key] as number) < 0) return `${key} must not be negative.`;
  }
  for (const key of ['readBatchSize', 'historyBufferSize', 'liveBufferSize'] as const) {
    if (settings[key] <= 0) return `${key} must be greater than 0.`;
  }
  return undefined;
}
