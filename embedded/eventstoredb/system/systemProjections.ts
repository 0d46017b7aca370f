// The standard projections ($streams, $stream_by_category, $by_category, $by_event_type, $by_correlation_id): what each writes for an event.
import { randomUUID } from 'node:crypto';
import { LINK_EVENT_TYPE } from '../store/streamState.js';
import type { ProposedEvent, RecordedEvent } from '../store/types.js';

/** `$stream_by_category` writes stream references: data is the stream's name, and readers never resolve them. */
export const STREAM_REFERENCE_EVENT_TYPE = '$@';

export interface SystemProjection {
  readonly name: string;
  /** `native:` handler and its configuration, as the real server stores them in the projection's definition. */
  readonly handlerType: string;
  readonly config: string;
  /** Whether a stream is one this projection writes (how a restart finds where it stopped). */
  owns(stream: string): boolean;
  /** What it writes for `event`: `$>` links (`<revision>@<stream>`) or `$@` stream references. */
  readonly writes: typeof LINK_EVENT_TYPE | typeof STREAM_REFERENCE_EVENT_TYPE;
  /** The stream to write to for `event`, if any. */
  linkStream(event: RecordedEvent): string | undefined;
}

const NATIVE = 'native:EventStore.Projections.Core.Standard.';

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

/** The text before the first '-', as the standard projections are configured (`first\r\n-`). */
function categoryOf(streamId: string): string | undefined {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : undefined;
}

export const byCategory: SystemProjection = {
  name: '$by_category',
  handlerType: `${NATIVE}CategorizeEventsByStreamPath`,
  config: 'first\r\n-',
  owns: (stream) => stream.startsWith('$ce-'),
  writes: LINK_EVENT_TYPE,
  linkStream: (event) => {
    const category = categoryOf(event.streamId);
    return category === undefined ? undefined : `$ce-${category}`;
  },
};

export const byEventType: SystemProjection = {
  name: '$by_event_type',
  handlerType: `${NATIVE}IndexEventsByEventType`,
  config: '',
  owns: (stream) => stream.startsWith('$et-'),
  writes: LINK_EVENT_TYPE,
  linkStream: (event) => (event.type.startsWith('$') ? undefined : `$et-${event.type}`),
};

export const byCorrelationId: SystemProjection = {
  name: '$by_correlation_id',
  handlerType: `${NATIVE}ByCorrelationId`,
  config: '{"correlationIdProperty":"$correlationId"}',
  owns: (stream) => stream.startsWith('$bc-'),
  writes: LINK_EVENT_TYPE,
  linkStream: (event) => {
    const id = correlationIdOf(event);
    return id === undefined ? undefined : `$bc-${id}`;
  },
};

/** `$streams`: a link to the first event of every stream. */
export const streams: SystemProjection = {
  name: '$streams',
  handlerType: `${NATIVE}IndexStreams`,
  config: '',
  owns: (stream) => stream === '$streams',
  writes: LINK_EVENT_TYPE,
  linkStream: (event) => (event.revision === 0n ? '$streams' : undefined),
};

/** `$stream_by_category`: a reference to every new stream of a category, in `$category-<category>`. */
export const streamByCategory: SystemProjection = {
  name: '$stream_by_category',
  handlerType: `${NATIVE}CategorizeStreamByPath`,
  config: 'first\r\n-',
  owns: (stream) => stream.startsWith('$category-'),
  writes: STREAM_REFERENCE_EVENT_TYPE,
  linkStream: (event) => {
    const category = event.revision === 0n ? categoryOf(event.streamId) : undefined;
    return category === undefined ? undefined : `$category-${category}`;
  },
};

/** In the order the real server creates them. */
export const SYSTEM_PROJECTIONS: readonly SystemProjection[] = [
  streams,
  streamByCategory,
  byCategory,
  byEventType,
  byCorrelationId,
];

export const systemProjectionNamed = (name: string): SystemProjection | undefined =>
  SYSTEM_PROJECTIONS.find((p) => p.name === name);

/** Links carry their source's position (`$p`), which is how a restart knows where each projection stopped. */
export function linkEventFor(
  event: RecordedEvent,
  writes: SystemProjection['writes'] = LINK_EVENT_TYPE,
): ProposedEvent {
  return linksTo(event, writes)();
}

/**
 * Makes links (or references) to `event`, each with its own id; those of one event share their data and
 * metadata bytes, which are the same for all of them and never modified. The metadata is the JSON of
 * `{ $c, $p, $o, $causedBy }`, written directly.
 */
export function linksTo(
  event: RecordedEvent,
  writes: SystemProjection['writes'] = LINK_EVENT_TYPE,
): () => ProposedEvent {
  const position = String(Number(event.position));
  const metadata = `{"$c":${position},"$p":${position},"$o":${JSON.stringify(event.streamId)},"$causedBy":${JSON.stringify(event.id)}}`;
  const data = Buffer.from(writes === LINK_EVENT_TYPE ? `${event.revision}@${event.streamId}` : event.streamId);
  const customMetadata = Buffer.from(metadata);
  return () => ({ id: randomUUID(), type: writes, contentType: 'application/octet-stream', data, customMetadata });
}

export function sourcePositionOf(link: RecordedEvent): bigint | undefined {
  try {
    const metadata = JSON.parse(Buffer.from(link.customMetadata).toString('utf8')) as { $p?: unknown };
    return typeof metadata.$p === 'number' ? BigInt(metadata.$p) : undefined;
  } catch {
    return undefined;
  }
}
