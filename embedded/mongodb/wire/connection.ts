// One client connection: cuts the byte stream into messages, runs each command, writes the reply.
import type { Socket } from 'node:net';
import { asServerError } from '../errors.js';
import type { Doc } from '../query/paths.js';
import type { Logger } from '../logger.js';
import { encodeLegacyReply, encodeMsgReply, HEADER_SIZE, OP_MSG, OP_QUERY, parseRequest } from './messages.js';

/** mongod's maxMessageSizeBytes; anything larger is refused before it is buffered. */
export const MAX_MESSAGE_SIZE = 48_000_000;

export type RunCommand = (command: Doc, connectionId: number) => Doc;

export class Connection {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly socket: Socket,
    readonly id: number,
    private readonly run: RunCommand,
    private readonly logger: Logger,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', (error) =>
      logger('debug', 'mongodb connection error', { connectionId: id, error: error.message }),
    );
  }

  private receive(chunk: Buffer): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    while (this.pendingBytes >= 4 && !this.socket.destroyed) {
      if (this.pending[0].length < 4) this.pending = [Buffer.concat(this.pending)];
      const length = this.pending[0].readInt32LE(0);
      if (length < HEADER_SIZE || length > MAX_MESSAGE_SIZE) {
        this.close(`invalid message length ${length}`);
        return;
      }
      // Chunks are joined only once the whole message is here, so a large message costs one copy.
      if (this.pendingBytes < length) return;
      const buffer = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
      const rest = buffer.subarray(length);
      this.pending = rest.length > 0 ? [rest] : [];
      this.pendingBytes = rest.length;
      this.handle(buffer.subarray(0, length));
    }
  }

  private handle(message: Buffer): void {
    const opCode = message.readInt32LE(12);
    const requestId = message.readInt32LE(4);
    if (opCode !== OP_MSG && opCode !== OP_QUERY) {
      this.close(`unsupported opcode ${opCode}`);
      return;
    }
    const encode = opCode === OP_MSG ? encodeMsgReply : encodeLegacyReply;
    let reply: Doc;
    let moreToCome = false;
    try {
      const request = parseRequest(message);
      moreToCome = request.moreToCome;
      reply = this.run(request.command, this.id);
    } catch (error) {
      const serverError = asServerError(error);
      this.logger('debug', 'mongodb request refused', { connectionId: this.id, error: serverError.message });
      reply = serverError.toReply();
    }
    if (moreToCome) return;
    try {
      this.socket.write(encode(requestId, reply));
    } catch (error) {
      // A reply that cannot be encoded (e.g. over 16 MB) still owes the client an answer.
      this.socket.write(encode(requestId, asServerError(error, 10334).toReply()));
    }
  }

  close(reason: string): void {
    this.logger('warn', 'mongodb connection closed by the server', { connectionId: this.id, reason });
    this.socket.destroy();
  }
}
