// Graceful stop: a request already in flight is answered before the service closes its clients; new connections are refused.
import { request as httpRequest } from 'node:http';
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { asClient } from '../support/credentials.js';
import { startTestService } from '../support/service.js';

describe('graceful stop', () => {
  it('when the service stops while a request is in flight, then that request is still answered and later ones are refused', async () => {
    const service = await startTestService();
    const url = new URL(`${service.url}/clients/alice/bookings`);
    const body = JSON.stringify({
      concertId: 'rock-night',
      seats: [{ row: 29, number: 1 }],
      bookingId: `b-${randomUUID()}`,
    });

    // Headers and half the body now, the rest after stop() has begun: the request is in flight throughout.
    const credentials = await asClient('alice');
    const answered = new Promise<number>((resolve, reject) => {
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...credentials },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.write(body.slice(0, 10));
      setTimeout(() => req.end(body.slice(10)), 300);
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stopped = service.stop();

    expect(await answered).to.equal(201);
    await stopped;
    let refused = false;
    await fetch(`${service.url}/health`).catch(() => (refused = true));
    expect(refused).to.equal(true);
  });
});
