// The HTTP server's own bounds, on a bare server with a trivial app: its limits as configured, and a client that
// never finishes its headers cut off with a 408 problem document.
import { once } from 'node:events';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import winston from 'winston';
import { createHttpServer, serverLimits, type HttpServer } from '../../src/http/server.js';

describe('the HTTP server', function () {
  this.timeout(20_000);
  let server: HttpServer;

  beforeEach(async () => {
    server = createHttpServer((_req, res) => res.end('ok'), winston.createLogger({ silent: true }));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('when created, then the time for headers, for a whole request and for an idle keep-alive connection are bounded (the header size: malformed-requests)', () => {
    expect(server.headersTimeout).to.equal(serverLimits.headersTimeoutMs);
    expect(server.requestTimeout).to.equal(serverLimits.requestTimeoutMs);
    expect(server.keepAliveTimeout).to.equal(serverLimits.keepAliveTimeoutMs);
  });

  it('when a client sends part of its headers and then nothing, then it gets a 408 problem document and the connection closes', async () => {
    // Shortened for the spec; the check that enforces it runs every second.
    server.headersTimeout = 500;
    server.requestTimeout = 500;
    const socket = connect((server.address() as AddressInfo).port, '127.0.0.1');
    socket.write('GET /health HTTP/1.1\r\nHost: slow\r\n');
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
    const started = Date.now();
    await once(socket, 'close');
    expect(received).to.match(/^HTTP\/1\.1 408 /);
    expect(received).to.include('application/problem+json');
    expect(JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4))).to.include({
      status: 408,
      code: 'RequestTimeout',
    });
    expect(Date.now() - started).to.be.below(5_000);
  });
});
