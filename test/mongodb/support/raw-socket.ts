// A raw TCP client for wire-level tests: build OP_MSG frames by hand and read what comes back.
import { connect, type Socket } from 'node:net';
import { BSON } from 'bson';

export function hostAndPort(uri: string): { host: string; port: number } {
  const url = new URL(uri);
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port || 27017) };
}

export async function openSocket(uri: string): Promise<Socket> {
  const { host, port } = hostAndPort(uri);
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

/** An OP_MSG frame: flags, a kind-0 body, then optional kind-1 document sequences. */
export function opMsg(
  requestId: number,
  body: Record<string, unknown>,
  options: { flags?: number; sequences?: Record<string, Record<string, unknown>[]> } = {},
): Buffer {
  const parts: Buffer[] = [Buffer.from([0]), Buffer.from(BSON.serialize(body))];
  for (const [id, docs] of Object.entries(options.sequences ?? {})) {
    const payload = Buffer.concat([Buffer.from(`${id}\0`), ...docs.map((d) => Buffer.from(BSON.serialize(d)))]);
    const size = Buffer.alloc(4);
    size.writeInt32LE(payload.length + 4);
    parts.push(Buffer.from([1]), size, payload);
  }
  return frame(requestId, 2013, Buffer.concat([uint32(options.flags ?? 0), ...parts]));
}

export function frame(requestId: number, opCode: number, body: Buffer): Buffer {
  const header = Buffer.alloc(16);
  header.writeInt32LE(16 + body.length, 0);
  header.writeInt32LE(requestId, 4);
  header.writeInt32LE(0, 8);
  header.writeInt32LE(opCode, 12);
  return Buffer.concat([header, body]);
}

function uint32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
}

export interface Reply {
  responseTo: number;
  opCode: number;
  body: Record<string, unknown>;
}

/** The next reply on the socket, or 'closed' when the server hangs up first. */
export function nextReply(socket: Socket, timeoutMs = 5000): Promise<Reply | 'closed'> {
  return new Promise((resolve, reject) => {
    let buffer = Buffer.alloc(0);
    const timer = setTimeout(() => finish(() => reject(new Error('no reply and no close'))), timeoutMs);
    const onData = (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      if (buffer.length < 4 || buffer.length < buffer.readInt32LE(0)) return;
      const opCode = buffer.readInt32LE(12);
      const bodyStart = opCode === 2013 ? 21 : 36;
      const body = BSON.deserialize(buffer.subarray(bodyStart, buffer.readInt32LE(0)));
      finish(() => resolve({ responseTo: buffer.readInt32LE(8), opCode, body }));
    };
    const onClose = (): void => finish(() => resolve('closed'));
    const finish = (done: () => void): void => {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onClose);
      done();
    };
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onClose);
  });
}

/** Narrows a nextReply result to a reply, failing when the server closed instead. */
export function replied(reply: Reply | 'closed'): Reply {
  if (reply === 'closed') throw new Error('expected a reply, the server closed the connection');
  return reply;
}
