// Consumer strategies: which connected consumer gets the next message (RoundRobin, DispatchToSingle, Pinned).
import type { ConsumerStrategyName } from './settings.js';

export interface Slot {
  hasRoom(): boolean;
}

/** Picks a consumer for a message; undefined means the message must wait for room. */
export type ConsumerStrategy = <C extends Slot>(consumers: readonly C[], pinStream: string) => C | undefined;

function roundRobin(): ConsumerStrategy {
  let next = 0;
  return (consumers) => {
    for (let i = 0; i < consumers.length; i += 1) {
      const index = (next + i) % consumers.length;
      if (consumers[index].hasRoom()) {
        next = index + 1;
        return consumers[index];
      }
    }
    return undefined;
  };
}

/** Fills the longest-connected consumer first; the next one only gets messages while it is full. */
const dispatchToSingle: ConsumerStrategy = (consumers) => consumers.find((consumer) => consumer.hasRoom());

/** FNV-1a: a stable, cheap hash so that one stream always lands on the same consumer. */
function hash(text: string): number {
  let value = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    value ^= text.charCodeAt(i);
    value = Math.imul(value, 0x01000193) >>> 0;
  }
  return value;
}

/**
 * Every message of a stream goes to the same consumer while the set of consumers stays the same;
 * when that consumer is full the message waits rather than go elsewhere, which keeps per-stream order.
 */
const pinned: ConsumerStrategy = (consumers, pinStream) => {
  if (consumers.length === 0) return undefined;
  const consumer = consumers[hash(pinStream) % consumers.length];
  return consumer.hasRoom() ? consumer : undefined;
};

export function strategyFor(name: ConsumerStrategyName): ConsumerStrategy {
  switch (name) {
    case 'RoundRobin':
      return roundRobin();
    case 'DispatchToSingle':
      return dispatchToSingle;
    case 'Pinned':
      return pinned;
  }
}
