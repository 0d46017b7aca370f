// Streams.Append requests decoded by hand: a proposed message read straight from its bytes, without building message objects.
import { fromUuid } from '../grpc/convert.js';
import { streamsPb } from '../grpc/protocol.js';
import { Reader, bytes, decodeStringUuid, text, unusual } from '../grpc/wireReader.js';

type AppendReq = InstanceType<typeof streamsPb.AppendReq>;
export type AppendOptions = InstanceType<typeof streamsPb.AppendReq.Options>;

/** One proposed event as the handler needs it. */
export interface ProposedFields {
  readonly id: string;
  readonly metadata: ReadonlyMap<string, string>;
  readonly customMetadata: Uint8Array;
  readonly data: Uint8Array;
}

/** An AppendReq: the options (first message) or a proposed message; neither when the oneof is unset. */
export interface AppendMessage {
  readonly options?: AppendOptions;
  readonly proposed?: ProposedFields;
}

/*
 * Field numbers from streams.proto / shared.proto:
 * AppendReq { oneof content { Options options = 1; ProposedMessage proposed_message = 2 } }
 * ProposedMessage { UUID id = 1; map<string, string> metadata = 2; bytes custom_metadata = 3; bytes data = 4 }
 * UUID { Structured structured = 1; string string = 2 }   map entry { string key = 1; string value = 2 }
 * Anything else (unknown or repeated fields, a structured UUID, both oneof members) is left to the
 * message decoder (messages.ts), so every message decodes as a full decoder would; this only skips the common case.
 */

/** A ProposedMessage (the same shape in AppendReq and BatchAppendReq) read from its bytes; throws `unusual` otherwise. */
export function decodeProposed(buffer: Buffer, range: [number, number]): ProposedFields {
  const r = new Reader(buffer, range[0], range[1]);
  let id: string | undefined;
  const metadata = new Map<string, string>();
  let customMetadata: Uint8Array | undefined;
  let data: Uint8Array | undefined;
  while (!r.done) {
    const field = r.field();
    const value = r.delimited();
    if (field === 1 && id === undefined) id = decodeStringUuid(buffer, value);
    else if (field === 2) {
      const entry = new Reader(buffer, value[0], value[1]);
      if (entry.field() !== 1) throw unusual;
      const key = text(buffer, entry.delimited());
      if (entry.field() !== 2) throw unusual;
      const entryValue = text(buffer, entry.delimited());
      if (!entry.done) throw unusual;
      metadata.set(key, entryValue);
    } else if (field === 3 && customMetadata === undefined) customMetadata = bytes(buffer, value);
    else if (field === 4 && data === undefined) data = bytes(buffer, value);
    else throw unusual;
  }
  return {
    id: id ?? '',
    metadata,
    customMetadata: customMetadata ?? new Uint8Array(0),
    data: data ?? new Uint8Array(0),
  };
}

/** The message decoder's reading of the message, in the same shape. */
function viaJspb(buffer: Buffer): AppendMessage {
  const request: AppendReq = streamsPb.AppendReq.deserializeBinary(new Uint8Array(buffer));
  const options = request.getOptions();
  const message = request.getProposedMessage();
  if (options) return { options };
  if (!message) return {};
  const metadata = new Map<string, string>();
  for (const [key, value] of message.getMetadataMap().entries()) metadata.set(key, value);
  const customMetadata = message.getCustomMetadata_asU8();
  const data = message.getData_asU8();
  // Converted when the handler reads it, as before: a bad structured UUID fails that call, not the decoding.
  return {
    proposed: {
      get id() {
        return fromUuid(message.getId());
      },
      metadata,
      customMetadata,
      data,
    },
  };
}

/** The Append method's request deserializer. */
export function decodeAppendRequest(buffer: Buffer): AppendMessage {
  try {
    const r = new Reader(buffer, 0, buffer.length);
    if (r.done) return {};
    const field = r.field();
    const value = r.delimited();
    if (!r.done) throw unusual;
    if (field === 2) return { proposed: decodeProposed(buffer, value) };
    if (field === 1) return { options: streamsPb.AppendReq.Options.deserializeBinary(bytes(buffer, value)) };
    throw unusual;
  } catch {
    // Unusual or malformed: the message decoder decides.
    return viaJspb(buffer);
  }
}
