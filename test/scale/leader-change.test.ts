// As close to a leader change as one embedded node can come: the node the service found through the gossip seeds
// stops, and another one on the same data answers at the other seed; the service finds it through gossip and goes on.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient } from '@eventstore/db-client';
import { expect } from 'chai';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { startMongoDB, type EmbeddedMongoDB } from '../../embedded/mongodb/index.js';
import { eventually } from '../support/eventually.js';
import { postJson } from '../support/http.js';
import { assertInvariants } from '../support/invariants.js';
import { startTestService, type TestService } from '../support/service.js';
import { BookingDriver, seats } from '../processes/booking-driver.js';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

describe('the event store node goes away and another answers at the other seed', function () {
  this.timeout(120_000);
  let dataDir: string;
  let node: EmbeddedEventStoreDB;
  let mongo: EmbeddedMongoDB;
  let service: TestService;
  let seeds: [number, number];

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'leader-change-'));
    seeds = [await freePort(), await freePort()];
    node = await startEventStoreDB({ port: seeds[0], dataDir });
    mongo = await startMongoDB({ port: 0 });
    // Two gossip seeds (esdb:// with a list discovers through them; esdb+discover:// takes one DNS name).
    const discover = `esdb://127.0.0.1:${seeds[0]},127.0.0.1:${seeds[1]}?tls=false&nodePreference=leader&discoveryInterval=100`;
    service = await startTestService({
      servers: { eventStoreConnectionString: discover, mongoUri: mongo.connectionString },
      config: { mongoDatabase: `leader-${randomUUID().slice(0, 8)}` },
    });
  });
  after(async () => {
    await service?.stop();
    await node?.stop();
    await mongo?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when the first node stops and the second starts on its data, then bookings go on through the processes to the view', async () => {
    const driver = new BookingDriver(() => service.url);
    const before = await driver.place('erin', 'rock-night', seats(5, 1));
    await driver.until('erin', before, ['Confirmed']);

    await node.stop();
    node = await startEventStoreDB({ port: seeds[1], dataDir });
    // Placing is idempotent by bookingId: retried until the client has found the new node.
    const after = randomUUID();
    await eventually(
      async () => {
        const answer = await postJson(`${service.url}/clients/erin/bookings`, {
          bookingId: after,
          concertId: 'rock-night',
          seats: seats(5, 2),
        });
        expect(answer.status).to.equal(201);
      },
      30_000,
      200,
    );
    await driver.until('erin', after, ['Confirmed'], 30_000);

    const client = EventStoreDBClient.connectionString(node.connectionString);
    try {
      await assertInvariants(client, service.db, { expirationIntervalMs: service.config.expirationCheckIntervalMs });
    } finally {
      await client.dispose();
    }
  });
});
