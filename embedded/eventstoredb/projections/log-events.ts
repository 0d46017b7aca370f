// Translation between the log and the engine: recorded events become projection inputs (or deletion notices), and
// outputs become events to append, with ids derived from their source so that writing them twice is harmless.
import { createHash } from 'node:crypto';
import type { ProposedEvent, RecordedEvent } from '../store/types.js';
import type { ProjectionInput, ProjectionOutput } from './events.js';
import { textOf } from './persistence.js';

// EventStoreDB's own markers for a deleted stream: a tombstone event, or `$tb` = Int64.MaxValue in the metadata.
const TOMBSTONE_EVENT_TYPE = '$streamDeleted';
const SOFT_DELETED_TB = Number(9223372036854775807n);
const JSON_CONTENT = 'application/json';
const BINARY_CONTENT = 'application/octet-stream';
const encoder = new TextEncoder();

/** The stream a recorded event reports as deleted, or null when it is an ordinary event. */
export function deletionNotice(event: RecordedEvent): { streamId: string; softDelete: boolean } | null {
  if (event.type === TOMBSTONE_EVENT_TYPE) return { streamId: event.streamId, softDelete: false };
  if (event.streamId.startsWith('$$') && event.type === '$metadata') {
    const metadata = JSON.parse(textOf(event.data)) as { $tb?: number };
    if (metadata.$tb === SOFT_DELETED_TB) return { streamId: event.streamId.slice(2), softDelete: true };
  }
  return null;
}

export function toInput(event: RecordedEvent): ProjectionInput {
  return {
    streamId: event.streamId,
    sequenceNumber: Number(event.revision),
    eventType: event.type,
    eventId: event.id,
    isJson: event.contentType === JSON_CONTENT,
    data: textOf(event.data),
    metadata: textOf(event.customMetadata),
  };
}

/**
 * The event that carries an output. Its id depends only on the projection's incarnation, the source event and the
 * output's place, so writing it again (after a restart from an older checkpoint, or a reset) is an idempotent append.
 */
export function toProposed(
  output: ProjectionOutput,
  source: RecordedEvent,
  incarnation: string,
  index: number,
): ProposedEvent {
  const hash = createHash('sha1').update(`${incarnation}:${source.position}:${index}`).digest('hex');
  const id = `${hash.slice(0, 8)}-${hash.slice(8, 12)}-5${hash.slice(13, 16)}-a${hash.slice(17, 20)}-${hash.slice(20, 32)}`;
  const metadata = {
    ...(output.metadata === null ? {} : (JSON.parse(output.metadata) as object)),
    $causedBy: source.id,
  };
  const customMetadata = encoder.encode(JSON.stringify(metadata));
  if (output.kind === 'link') {
    return { id, type: '$>', contentType: BINARY_CONTENT, data: encoder.encode(output.target), customMetadata };
  }
  const contentType = output.isJson ? JSON_CONTENT : BINARY_CONTENT;
  return { id, type: output.eventType, contentType, data: encoder.encode(output.data), customMetadata };
}
