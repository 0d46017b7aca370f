// The hot path of Read: a delivered event encoded straight into one buffer, without building jspb objects.
import { encodeReadEventResponse } from '../grpc/eventEncoding.js';
import type { Message } from './message.js';

/** The bytes of `ReadResp { event }` for a message, with event ids as strings. */
export function encodeEventResponse(message: Message): Buffer {
  const { resolved } = message;
  const shown = resolved.event ?? (resolved.link ? undefined : message.original);
  return encodeReadEventResponse(shown, resolved.link, resolved.position, message.retryCount);
}
