// The events the log writes by itself: stream metadata (`$metadata` in `$$<stream>`) and tombstones (`$streamDeleted`).
import { randomUUID } from 'node:crypto';
import { METADATA_EVENT_TYPE, TOMBSTONE_EVENT_TYPE, TOMBSTONE_REVISION, metastreamOf } from './streamState.js';
import type { RecordedEvent, StreamMetadata } from './types.js';

const JSON_CONTENT = 'application/json';
const EMPTY = new Uint8Array(0);

/** `revision` is the next revision of the metastream; the position is assigned at commit. */
export function metadataEvent(
  stream: string,
  revision: bigint,
  metadata: StreamMetadata,
  created: bigint,
): RecordedEvent {
  return {
    streamId: metastreamOf(stream),
    revision,
    position: 0n,
    id: randomUUID(),
    type: METADATA_EVENT_TYPE,
    contentType: JSON_CONTENT,
    data: Buffer.from(JSON.stringify(metadata)),
    customMetadata: EMPTY,
    created,
  };
}

/** EventStoreDB marks a hard-deleted stream with this event at revision Int64.MaxValue. */
export function tombstoneEvent(stream: string, created: bigint): RecordedEvent {
  return {
    streamId: stream,
    revision: TOMBSTONE_REVISION,
    position: 0n,
    id: randomUUID(),
    type: TOMBSTONE_EVENT_TYPE,
    contentType: JSON_CONTENT,
    data: EMPTY,
    customMetadata: EMPTY,
    created,
  };
}
