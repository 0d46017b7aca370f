// PersistentSubscriptions.Read requests: an ack (one per delivered event, the most frequent message) decoded by hand.
import { Reader, decodeStringUuid, unusual } from '../grpc/wireReader.js';
import { pb, type ReadReq } from './proto.js';

/** An ack whose ids are all string UUIDs, already converted as the handler would (lower case). */
export interface DecodedAck {
  readonly ackIds: string[];
}

/*
 * Field numbers from persistent.proto / shared.proto:
 * ReadReq { oneof content { Options options = 1; Ack ack = 2; Nack nack = 3 } }
 * Ack { bytes id = 1; repeated UUID ids = 2 }   UUID { Structured structured = 1; string string = 2 }
 * Anything else goes to the message decoder (messages.ts), so every message decodes exactly as before.
 */
function decodeAck(buffer: Buffer): DecodedAck {
  const r = new Reader(buffer, 0, buffer.length);
  if (r.field() !== 2) throw unusual;
  const [start, end] = r.delimited();
  if (!r.done) throw unusual;
  const ack = new Reader(buffer, start, end);
  const ackIds: string[] = [];
  while (!ack.done) {
    const field = ack.field();
    const value = ack.delimited();
    // The ack's own `id` (the subscription's) is read and ignored by the handler, as before.
    if (field === 2) ackIds.push(decodeStringUuid(buffer, value));
    else if (field !== 1) throw unusual;
  }
  return { ackIds };
}

/** The Read method's request deserializer. */
export function decodeReadRequest(buffer: Buffer): ReadReq | DecodedAck {
  try {
    return decodeAck(buffer);
  } catch {
    return pb.ReadReq.deserializeBinary(new Uint8Array(buffer));
  }
}

export const isDecodedAck = (request: ReadReq | DecodedAck): request is DecodedAck => 'ackIds' in request;
