// An event as the inspector's pages show it: its place, its type, its data and metadata made readable, and for a link its target.
import type { Position, ResolvedEvent } from '@eventstore/db-client';

/** One event as a page shows it; for a link, `target` is the event it points to (null when that one is gone). */
export interface ShownEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: bigint;
  readonly type: string;
  readonly created: Date;
  readonly position: Position | null;
  readonly data: unknown;
  readonly metadata: unknown;
  readonly target?: TargetEvent | null;
  /** When the link points to another link (a parked message of a group that reads `$et-` links): that link. */
  readonly via?: { readonly stream: string; readonly revision: bigint };
}

export type TargetEvent = Omit<ShownEvent, 'target' | 'via'>;

/** Bytes that are UTF-8 JSON become that JSON, UTF-8 text that text, anything else a note of its size. */
export function readable(value: unknown): unknown {
  if (!(value instanceof Uint8Array)) return value;
  if (value.length === 0) return '';
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(value);
  } catch {
    return `(${value.length} bytes of binary data)`;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function shown(recorded: NonNullable<ResolvedEvent['event']>): TargetEvent {
  return {
    id: recorded.id,
    stream: recorded.streamId,
    revision: recorded.revision,
    type: recorded.type,
    created: recorded.created,
    position: recorded.position ?? null,
    data: readable(recorded.data),
    metadata: readable(recorded.metadata),
  };
}

/** A resolved link is shown as the link (its place in this stream) with the event it points to. */
export function toShown(resolved: ResolvedEvent): ShownEvent | null {
  if (resolved.link) return { ...shown(resolved.link), target: resolved.event ? shown(resolved.event) : null };
  return resolved.event ? shown(resolved.event) : null;
}
