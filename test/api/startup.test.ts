// `npm start` as a process: refuses a bad configuration with one message, runs on the embedded servers, and stops cleanly on a signal.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { developmentSecrets } from '../../src/auth/development-secrets.js';
import { RequestSigner } from '../../scripts/credentials.js';
import { getJson, request } from '../support/http.js';
import { listeningLine, startServiceProcess, waitForOutput } from '../support/service-process.js';

describe('starting and stopping', function () {
  this.timeout(40_000);

  it('when the configuration is bad, then the process exits 1 with one message naming every bad variable', async () => {
    const { output, exited } = startServiceProcess({ PORT: 'abc', LOG_LEVEL: 'chatty' });
    expect(await exited).to.equal(1);
    const lines = output().trim().split('\n');
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include('PORT').and.include('LOG_LEVEL');
  });

  it('when real servers are named but no secret is set, then the process exits 1 naming every variable to set', async () => {
    const { output, exited } = startServiceProcess({
      EVENTSTORE_CONNECTION_STRING: 'esdb://127.0.0.1:1?tls=false',
      MONGODB_URI: 'mongodb://127.0.0.1:1',
    });
    expect(await exited).to.equal(1);
    const lines = output().trim().split('\n');
    expect(lines).to.have.length(1);
    for (const name of ['AUTH_JWT_SECRET or AUTH_JWKS_URL', 'PAYMENT_WEBHOOK_SECRET', 'OPERATOR_TOKEN'])
      expect(lines[0]).to.include(name);
  });

  it('when started without connection strings, then it runs on the embedded servers, says so, and SIGTERM stops it with exit 0', async () => {
    const { child, output, exited } = startServiceProcess({
      PORT: '0',
      LOG_LEVEL: 'info',
      EMBEDDED_DATA_DIR: 'memory',
    });
    const [, url] = await waitForOutput(output, listeningLine);
    expect(output()).to.include('EVENTSTORE_CONNECTION_STRING is unset').and.include('MONGODB_URI is unset');
    // The development secrets: named loudly, never printed.
    expect(output()).to.include('DEVELOPMENT CREDENTIALS IN USE').and.include('"level":"warn"');
    expect(output())
      .to.not.include(developmentSecrets.OPERATOR_TOKEN)
      .and.not.include(developmentSecrets.AUTH_JWT_SECRET);
    expect(output()).to.include('memory only: a restart forgets every event');
    const concerts = await getJson(`${url}/concerts`);
    expect(concerts.body.items).to.have.length(2);
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(output()).to.include('service stopped');
  });

  it('when a stop signal comes twice (Ctrl-C under npm start reaches it once from the terminal, once through tsx), then it still stops cleanly with exit 0', async () => {
    const { child, output, exited } = startServiceProcess({
      PORT: '0',
      LOG_LEVEL: 'info',
      EMBEDDED_DATA_DIR: 'memory',
    });
    await waitForOutput(output, listeningLine);
    // The repeat is sent the moment the first is being handled, while the service is still stopping.
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('"message":"stopping"')) child.kill('SIGINT');
    });
    child.kill('SIGINT');
    expect(await exited).to.equal(0);
    expect(output()).to.include('service stopped');
  });

  it('when restarted on the same data folder, then a booking placed before is still there, in the view from the first request on', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'npm-start-'));
    try {
      const first = startServiceProcess({ PORT: '0', LOG_LEVEL: 'info', EMBEDDED_DATA_DIR: dataDir });
      const [, url] = await waitForOutput(first.output, listeningLine);
      expect(first.output()).to.include(`on disk in ${dataDir}`);
      // npm start on the embedded servers runs with the development secrets: a client token made with them.
      const kept = {
        authorization: `Bearer ${await new RequestSigner({
          jwtSecret: developmentSecrets.AUTH_JWT_SECRET,
          paymentWebhookSecret: developmentSecrets.PAYMENT_WEBHOOK_SECRET,
          operatorToken: developmentSecrets.OPERATOR_TOKEN,
        }).clientToken('kept')}`,
      };
      const placed = await request(`${url}/clients/kept/bookings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...kept },
        body: JSON.stringify({ bookingId: 'kept-1', concertId: 'rock-night', seats: [{ row: 3, number: 3 }] }),
      });
      expect(placed.status).to.equal(201);
      first.child.kill('SIGTERM');
      expect(await first.exited).to.equal(0);
      expect(await readdir(dataDir)).to.include('events.log');

      const second = startServiceProcess({ PORT: '0', LOG_LEVEL: 'info', EMBEDDED_DATA_DIR: dataDir });
      const [, again] = await waitForOutput(second.output, listeningLine);
      // MongoDB started empty: the list comes from a view rebuilt before the service opened, not from the stream.
      const list = await getJson(`${again}/clients/kept/bookings`, kept);
      expect(list.body.items.map((item: { bookingId: string }) => item.bookingId)).to.deep.equal(['kept-1']);
      second.child.kill('SIGTERM');
      expect(await second.exited).to.equal(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
