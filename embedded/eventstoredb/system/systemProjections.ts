// The standard projections $by_category, $by_event_type and $by_correlation_id, which index events as `$>` links.
import { randomUUID } from 'node:crypto';
import { LINK_EVENT_TYPE } from '../store/streamState.js';
import type { ProposedEvent, RecordedEvent } from '../store/types.js';

export interface SystemProjection {
  readonly name: string;
  /** Prefix of every stream the projection writes. */
  readonly prefix: string;
  /** The stream to link `event` into, if any. */
  linkStream(event: RecordedEvent): string | undefined;
}

function correlationIdOf(event: RecordedEvent): string | undefined {
  if (event.customMetadata.byteLength === 0) return undefined;
  try {
    const metadata: unknown = JSON.parse(Buffer.from(event.customMetadata).toString('utf8'));
    const id = (metadata as { $correlationId?: unknown } | null)?.$correlationId;
    return typeof id === 'string' && id !== '' ? id : undefined;
  } catch {
    return undefined;
  }
}

export const byCategory: SystemProjection = {
  name: '$by_category',
  prefix: '$ce-',
  linkStream: (event) => {
    const dash = event.streamId.indexOf('-');
    return dash > 0 ? `$ce-${event.streamId.slice(0, dash)}` : undefined;
  },
};

export const byEventType: SystemProjection = {
  name: '$by_event_type',
  prefix: '$et-',
  linkStream: (event) => (event.type.startsWith('$') ? undefined : `$et-${event.type}`),
};

export const byCorrelationId: SystemProjection = {
  name: '$by_correlation_id',
  prefix: '$bc-',
  linkStream: (event) => {
    const id = correlationIdOf(event);
    return id === undefined ? undefined : `$bc-${id}`;
  },
};

export const SYSTEM_PROJECTIONS: readonly SystemProjection[] = [byCategory, byEventType, byCorrelationId];

/** Links carry their source's position (`$p`), which is how a restart knows where each projection stopped. */
export function linkEventFor(event: RecordedEvent): ProposedEvent {
  return linksTo(event)();
}

/**
 * Makes links to `event`, each with its own id; the links of one event (one per projection that
 * indexes it) share their data and metadata bytes, which are the same for all of them and never
 * modified. The metadata is the JSON of `{ $c, $p, $o, $causedBy }`, written directly.
 */
export function linksTo(event: RecordedEvent): () => ProposedEvent {
  const position = String(Number(event.position));
  const metadata = `{"$c":${position},"$p":${position},"$o":${JSON.stringify(event.streamId)},"$causedBy":${JSON.stringify(event.id)}}`;
  const data = Buffer.from(`${event.revision}@${event.streamId}`);
  const customMetadata = Buffer.from(metadata);
  return () => ({ id: randomUUID(), type: LINK_EVENT_TYPE, contentType: 'application/octet-stream', data, customMetadata });
}

export function sourcePositionOf(link: RecordedEvent): bigint | undefined {
  try {
    const metadata = JSON.parse(Buffer.from(link.customMetadata).toString('utf8')) as { $p?: unknown };
    return typeof metadata.$p === 'number' ? BigInt(metadata.$p) : undefined;
  } catch {
    return undefined;
  }
}
