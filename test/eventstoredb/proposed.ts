// An event as the embedded store's append takes it, for the specs that drive the store directly.
import { randomUUID } from 'node:crypto';
import type { ProposedEvent } from '../../embedded/eventstoredb/store/types.js';

export const proposedEvent = (type: string, data: unknown = {}): ProposedEvent => ({
  id: randomUUID(),
  type,
  contentType: 'application/json',
  data: Buffer.from(JSON.stringify(data)),
  customMetadata: new Uint8Array(0),
});
