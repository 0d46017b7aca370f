// Overload protection: one connection pipelining thousands of requests it never reads cannot take the service down
// for others; pipelined requests are answered in turn; past the bound on work in flight, a cheap 503.
import { randomUUID } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { expect } from 'chai';
import { getJson, postJson } from '../support/http.js';
import { assertInvariants } from '../support/invariants.js';
import { startTestService, type TestService } from '../support/service.js';

function openSocket(url: string): Promise<Socket> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => resolve(socket));
    socket.once('error', reject);
  });
}

const rssMb = () => Math.round(process.memoryUsage().rss / 1e6);

describe('overload protection', function () {
  this.timeout(90_000);
  let service: TestService;

  before(async () => {
    service = await startTestService();
  });
  after(() => service?.stop());

  it('when one socket pipelines 5,000 requests and reads no answer, then another client books as usual, no subscription drops, memory stays bounded', async () => {
    const before = rssMb();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 20);
    const flood = await openSocket(service.url);
    const floodEnded = new Promise((resolve) => flood.once('close', resolve));
    flood.on('error', () => undefined);
    flood.pause();
    flood.write('GET /concerts/rock-night HTTP/1.1\r\nHost: flood\r\n\r\n'.repeat(5_000));

    const clientId = `client-${randomUUID().slice(0, 8)}`;
    const latencies: number[] = [];
    for (const number of [1, 2, 3, 4, 5]) {
      const started = Date.now();
      const placed = await postJson(`${service.url}/clients/${clientId}/bookings`, {
        concertId: 'jazz-evening',
        seats: [{ row: 25, number }],
      });
      latencies.push(Date.now() - started);
      expect(placed.status).to.equal(201);
    }
    await floodEnded;
    clearInterval(sampler);

    // The flood was cut once it had more waiting than a connection may hold; nothing of it was left running.
    const load = service.httpLoad();
    expect(load.connectionsCut).to.equal(1);
    expect(load.peakWaiting).to.be.at.most(256);
    expect(peak - before, `RSS went from ${before} MB to ${peak} MB`).to.be.below(150);
    expect(Math.max(...latencies), `booking latencies ${latencies.join(', ')} ms`).to.be.below(5_000);
    if (process.env.REPORT_FIGURES)
      console.log(`    flood of 5,000: RSS ${before} → peak ${peak} MB; bookings ${latencies.join(', ')} ms`);

    const report = await getJson(`${service.url}/processes`);
    for (const process of report.body.processes) expect(process.instance.resubscriptions, process.name).to.equal(0);
    expect(report.body.view).to.include({ state: 'live', lastError: null });
    await assertInvariants(service.client, service.db, {
      expirationIntervalMs: service.config.expirationCheckIntervalMs,
    });
  });

  it('when a client pipelines a few requests, then they are answered one after the other, in order', async () => {
    const socket = await openSocket(service.url);
    let received = '';
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    const paths = ['/health', '/concerts/rock-night', '/concerts/not-there', '/concerts/jazz-evening', '/health'];
    socket.write(
      paths
        .map((path, index) => `GET ${path} HTTP/1.1\r\nHost: pipeline\r\nX-Request-Id: pipelined-${index}\r\n\r\n`)
        .join(''),
    );
    const deadline = Date.now() + 10_000;
    while ((received.match(/HTTP\/1\.1 \d{3}/g) ?? []).length < paths.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    socket.destroy();
    expect(received.match(/HTTP\/1\.1 \d{3}/g)).to.deep.equal([
      'HTTP/1.1 200',
      'HTTP/1.1 200',
      'HTTP/1.1 404',
      'HTTP/1.1 200',
      'HTTP/1.1 200',
    ]);
    expect(received.match(/x-request-id: pipelined-\d/gi)).to.deep.equal(
      paths.map((_, index) => `X-Request-Id: pipelined-${index}`),
    );
  });

  it('when more requests are in flight than the service allows, then the rest get a 503 problem with Retry-After at once', async () => {
    const narrow = await startTestService({ servers: service.servers, config: { maxRequestsInFlight: 1 } });
    try {
      // Separate connections, all at once: one runs, most of the others find the service full.
      const answers = await Promise.all(
        Array.from({ length: 40 }, () =>
          fetch(`${narrow.url}/concerts/rock-night`, { headers: { connection: 'close' } }).then(async (response) => ({
            status: response.status,
            retryAfter: response.headers.get('retry-after'),
            body: await response.text(),
          })),
        ),
      );
      const refused = answers.filter((answer) => answer.status === 503);
      expect(answers.filter((answer) => answer.status === 200).length).to.be.greaterThan(0);
      expect(refused.length).to.be.greaterThan(0);
      for (const answer of refused) {
        expect(answer.retryAfter).to.match(/^\d+$/);
        expect(JSON.parse(answer.body)).to.include({ code: 'Overloaded', status: 503 });
      }
      expect(narrow.httpLoad().refused).to.equal(refused.length);

      // Liveness is not work: it is answered however full the service is.
      const probes = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          fetch(`${narrow.url}${index % 2 === 0 ? '/concerts/rock-night' : '/health'}`, {
            headers: { connection: 'close' },
          }),
        ),
      );
      for (const [index, probe] of probes.entries()) if (index % 2 === 1) expect(probe.status).to.equal(200);
      await Promise.all(probes.map((probe) => probe.text()));
    } finally {
      await narrow.stop();
    }
  });
});
