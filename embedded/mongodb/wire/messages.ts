// Decoding requests (OP_MSG, legacy OP_QUERY) and encoding replies (OP_MSG, OP_REPLY).
import { BSON } from 'bson';
import { MongoServerError } from '../errors.js';
import type { Doc } from '../query/paths.js';
import { decodeDocument } from './decode-document.js';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;
export const HEADER_SIZE = 16;

const CHECKSUM_PRESENT = 1 << 0;
const MORE_TO_COME = 1 << 1;
const EXHAUST_ALLOWED = 1 << 16;
/** Flag bits 0–15 are "required": a server must refuse ones it does not know. */
const KNOWN_FLAGS = CHECKSUM_PRESENT | MORE_TO_COME | EXHAUST_ALLOWED;

export interface Request {
  requestId: number;
  opCode: number;
  /** The command document, with kind-1 sections merged in under their identifiers. */
  command: Doc;
  /** The client asked for no reply (OP_MSG moreToCome). */
  moreToCome: boolean;
}

function readDocument(message: Buffer, offset: number, end: number): { doc: Doc; next: number } {
  if (offset + 5 > end) throw new MongoServerError(22, 'truncated BSON document');
  const size = message.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new MongoServerError(22, 'invalid BSON document size');
  try {
    // Read in place (no subarray per document); the size was checked against `end` above.
    return { doc: decodeDocument(message, offset, offset + size), next: offset + size };
  } catch (error) {
    throw new MongoServerError(22, `invalid BSON: ${(error as Error).message}`);
  }
}

function readCString(message: Buffer, offset: number, end: number): { value: string; next: number } {
  const zero = message.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new MongoServerError(22, 'unterminated string');
  return { value: message.toString('utf8', offset, zero), next: zero + 1 };
}

/** Parses one whole message (header included); throws a MongoServerError when it is malformed. */
export function parseRequest(message: Buffer): Request {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_MSG) return { requestId, opCode, ...parseMsg(message) };
  if (opCode === OP_QUERY) return { requestId, opCode, command: parseQuery(message), moreToCome: false };
  throw new MongoServerError(2, `unsupported opcode ${opCode}`);
}

function parseMsg(message: Buffer): { command: Doc; moreToCome: boolean } {
  if (message.length < HEADER_SIZE + 5) throw new MongoServerError(22, 'OP_MSG too short');
  const flags = message.readUInt32LE(HEADER_SIZE);
  if ((flags & 0xffff & ~KNOWN_FLAGS) !== 0) throw new MongoServerError(2, `unknown OP_MSG flags ${flags}`);
  const end = flags & CHECKSUM_PRESENT ? message.length - 4 : message.length;
  let offset = HEADER_SIZE + 4;
  let body: Doc | undefined;
  const sequences: Array<[string, Doc[]]> = [];
  while (offset < end) {
    const kind = message[offset++];
    if (kind === 0) {
      if (body) throw new MongoServerError(2, 'OP_MSG with more than one body section');
      const read = readDocument(message, offset, end);
      body = read.doc;
      offset = read.next;
    } else if (kind === 1) {
      if (offset + 4 > end) throw new MongoServerError(22, 'truncated document sequence');
      const sectionEnd = offset + message.readInt32LE(offset);
      if (sectionEnd > end || sectionEnd < offset + 5) throw new MongoServerError(22, 'invalid document sequence size');
      const id = readCString(message, offset + 4, sectionEnd);
      const docs: Doc[] = [];
      for (let at = id.next; at < sectionEnd;) {
        const read = readDocument(message, at, sectionEnd);
        docs.push(read.doc);
        at = read.next;
      }
      sequences.push([id.value, docs]);
      offset = sectionEnd;
    } else {
      throw new MongoServerError(2, `unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new MongoServerError(2, 'OP_MSG without a body section');
  for (const [id, docs] of sequences) body[id] = docs;
  return { command: body, moreToCome: (flags & MORE_TO_COME) !== 0 };
}

/** Legacy OP_QUERY: only `db.$cmd` commands, which is all a modern driver's handshake sends. */
function parseQuery(message: Buffer): Doc {
  const name = readCString(message, HEADER_SIZE + 4, message.length);
  const { doc } = readDocument(message, name.next + 8, message.length);
  const [db, collection] = [
    name.value.slice(0, name.value.indexOf('.')),
    name.value.slice(name.value.indexOf('.') + 1),
  ];
  if (collection !== '$cmd') throw new MongoServerError(2, 'OP_QUERY is only supported on $cmd');
  const command = 'query' in doc && typeof doc.query === 'object' && doc.query !== null ? (doc.query as Doc) : doc;
  return { ...command, $db: db };
}

/** One buffer per reply: the header, `prefix` zeroed bytes (flags and the like), then the body's BSON. */
function reply(responseTo: number, opCode: number, prefix: number, body: Doc): Buffer {
  const bson = BSON.serialize(body);
  const length = HEADER_SIZE + prefix + bson.length;
  const out = Buffer.allocUnsafe(length);
  out.writeInt32LE(length, 0);
  out.writeInt32LE(0, 4);
  out.writeInt32LE(responseTo, 8);
  out.writeInt32LE(opCode, 12);
  out.fill(0, HEADER_SIZE, HEADER_SIZE + prefix);
  out.set(bson, HEADER_SIZE + prefix);
  return out;
}

/** OP_MSG: flag bits (none), then a kind-0 section holding the body. */
export function encodeMsgReply(responseTo: number, body: Doc): Buffer {
  return reply(responseTo, OP_MSG, 5, body);
}

/** OP_REPLY: responseFlags, cursorID (8 bytes), startingFrom, numberReturned = 1, then the document. */
export function encodeLegacyReply(responseTo: number, body: Doc): Buffer {
  const out = reply(responseTo, OP_REPLY, 20, body);
  out.writeInt32LE(1, HEADER_SIZE + 16);
  return out;
}
