// One message of a subscription group: an event read from the group's source, with its delivery state.
import type { RecordedEvent, ResolvedEvent } from '../store/types.js';

export interface Message {
  /** The id the consumer acks with: the link's when there is one. */
  readonly id: string;
  /** Revision in the subscribed stream, or log position for `$all`: what checkpoints record. */
  readonly key: bigint;
  readonly resolved: ResolvedEvent;
  /** The event as it sits in the source (the `$>` link itself for `$ce-`/`$et-`): what a park links to. */
  readonly original: RecordedEvent;
  /** Stream the Pinned strategy hashes: the target's stream when a link was resolved. */
  readonly pinStream: string;
  retryCount: number;
  /**
   * Load order within the running group, used for checkpoints; undefined for parked messages being
   * replayed, which lie behind the checkpoint and must not hold it back.
   */
  readonly sequence?: number;
}

export function messageFrom(original: RecordedEvent, resolved: ResolvedEvent, key: bigint, sequence?: number): Message {
  const shown = resolved.event ?? resolved.link ?? original;
  return {
    id: resolved.link?.id ?? resolved.event?.id ?? original.id,
    key,
    resolved,
    original,
    pinStream: shown.streamId,
    retryCount: 0,
    sequence,
  };
}
