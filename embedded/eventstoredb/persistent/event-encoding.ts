// The hot path of Read: a delivered event encoded straight into one buffer, without building message objects.
import { encodeReadEventResponse, type UuidFormat } from '../grpc/eventEncoding.js';
import type { Message } from './message.js';

/** The bytes of `ReadResp { event }` for a message, with event ids in the form the consumer asked for. */
export function encodeEventResponse(message: Message, format: UuidFormat): Buffer {
  const { resolved } = message;
  const shown = resolved.event ?? (resolved.link ? undefined : message.original);
  return encodeReadEventResponse(shown, resolved.link, resolved.position, format, message.retryCount);
}
