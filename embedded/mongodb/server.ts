// The TCP server: accepts connections, hands each message to the command dispatcher, stops cleanly.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { runCommand } from './commands/dispatch.js';
import { CursorRegistry } from './cursors.js';
import type { Logger } from './logger.js';
import { Catalog } from './storage/catalog.js';
import { Connection } from './wire/connection.js';

export interface ServerOptions {
  host: string;
  port: number;
  logger: Logger;
}

export class MongoWireServer {
  private readonly catalog = new Catalog();
  private readonly cursors = new CursorRegistry();
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private nextConnectionId = 1;

  constructor(private readonly options: ServerOptions) {
    this.server = createServer((socket) => this.accept(socket));
  }

  async listen(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  private accept(socket: Socket): void {
    const id = this.nextConnectionId++;
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    new Connection(
      socket,
      id,
      (command, connectionId) => runCommand(command, { catalog: this.catalog, cursors: this.cursors, connectionId }),
      this.options.logger,
    );
    this.options.logger('debug', 'mongodb connection accepted', { connectionId: id, remote: socket.remoteAddress });
  }

  /** Stops accepting, ends every connection (destroying any that lingers), drops all data. */
  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    await Promise.all(
      [...this.sockets].map(
        (socket) =>
          new Promise<void>((resolve) => {
            const timer = setTimeout(() => socket.destroy(), 1000);
            socket.once('close', () => {
              clearTimeout(timer);
              resolve();
            });
            socket.end();
          }),
      ),
    );
    await closed;
    this.cursors.clear();
  }
}
