// A TCP proxy in front of a server that can freeze: connections stay open and nothing passes either way, as with a
// server that hangs (stopped in a debugger, swapping, a half-dead network) rather than one that is down.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface FreezableProxy {
  readonly port: number;
  freeze(): void;
  thaw(): void;
  close(): Promise<void>;
}

export async function startFreezableProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<FreezableProxy> {
  let frozen = false;
  const pairs = new Set<[Socket, Socket]>();
  const flow = ([downstream, upstream]: [Socket, Socket]) => {
    downstream.pipe(upstream);
    upstream.pipe(downstream);
  };
  // Unpiped as well as paused: a pipe resumes its source whenever the destination drains.
  const stop = ([downstream, upstream]: [Socket, Socket]) => {
    downstream.unpipe(upstream);
    upstream.unpipe(downstream);
    downstream.pause();
    upstream.pause();
  };
  const server: Server = createServer((downstream) => {
    const pair: [Socket, Socket] = [downstream, connect(targetPort, targetHost)];
    for (const socket of pair) {
      socket.on('error', () => undefined);
      socket.once('close', () => {
        pairs.delete(pair);
        for (const other of pair) other.destroy();
      });
    }
    pairs.add(pair);
    if (frozen) stop(pair);
    else flow(pair);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    freeze() {
      frozen = true;
      for (const pair of pairs) stop(pair);
    },
    thaw() {
      frozen = false;
      for (const pair of pairs) flow(pair);
    },
    close() {
      for (const pair of pairs) for (const socket of pair) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
