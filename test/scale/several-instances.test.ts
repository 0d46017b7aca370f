// Three instances of the service on one pair of embedded servers: bookings spread over them, one instance killed
// (SIGKILL, no clean stop) with messages in flight, and every invariant still holds once the others took over.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { expect } from 'chai';
import { startEventStoreDB, type EmbeddedEventStoreDB } from '../../embedded/eventstoredb/index.js';
import { startMongoDB, type EmbeddedMongoDB } from '../../embedded/mongodb/index.js';
import { testSecrets } from '../support/credentials.js';
import { eventually } from '../support/eventually.js';
import { getJson } from '../support/http.js';
import { assertInvariants } from '../support/invariants.js';
import { startTestService, type TestService } from '../support/service.js';
import { BookingDriver, seats } from '../processes/booking-driver.js';

const expirationCheckIntervalMs = 200;
const viewLeaseMs = 1_500;
const reservationHoldSeconds = 6;

interface Report {
  instance: { id: string; roles: string[] };
  instances: { id: string; roles: string[] }[];
  processes: { name: string; consumers?: number; instance: { inFlight: number; handled: number } }[];
  view: { writer: { instance: string | null; token: number | null; here: boolean } };
  expiration: { runsHere: boolean; ticks: number };
}

interface InstanceProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** The bookings whose process messages the instance has been handed and is holding back (STEP_DELAY_MS). */
  readonly held: string[];
}

/** An instance in a child process, so that it can be killed the way a crash kills it. */
async function startInstanceProcess(env: Record<string, string>): Promise<InstanceProcess> {
  const child = spawn(process.execPath, ['--import=tsx', 'test/scale/instance-process.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const held: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) =>
      reject(new Error(`the instance exited with ${String(code)} before listening:\n${stderr.join('')}`)),
    );
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const said = JSON.parse(line) as { url?: string; held?: string };
      if (said.url) resolve(said.url);
      if (said.held) held.push(said.held);
    });
  });
  return { url, child, held };
}

describe('several instances on one pair of servers', function () {
  this.timeout(180_000);
  let eventStore: EmbeddedEventStoreDB;
  let mongo: EmbeddedMongoDB;
  let doomed: InstanceProcess;
  const survivors: TestService[] = [];
  const database = `scale-${randomUUID().slice(0, 8)}`;

  before(async () => {
    eventStore = await startEventStoreDB({ port: 0 });
    mongo = await startMongoDB({ port: 0 });
    // Started first, so that it takes the view's lease; its steps are slow, so that it holds messages when killed.
    doomed = await startInstanceProcess({
      PORT: '0',
      EVENTSTORE_CONNECTION_STRING: eventStore.connectionString,
      MONGODB_URI: mongo.connectionString,
      MONGODB_DATABASE: database,
      INSTANCE_ID: 'doomed',
      VIEW_LEASE_MS: String(viewLeaseMs),
      EXPIRATION_CHECK_INTERVAL_MS: String(expirationCheckIntervalMs),
      RESERVATION_HOLD_SECONDS: String(reservationHoldSeconds),
      LOG_LEVEL: 'warn',
      STEP_DELAY_MS: '1500',
      // The credentials every test service has: the specs sign their requests with them.
      AUTH_JWT_SECRET: testSecrets.jwtSecret,
      AUTH_JWT_ISSUER: testSecrets.issuer!,
      AUTH_JWT_AUDIENCE: testSecrets.audience!,
      PAYMENT_WEBHOOK_SECRET: testSecrets.paymentWebhookSecret,
      OPERATOR_TOKEN: testSecrets.operatorToken,
    });
    const servers = { eventStoreConnectionString: eventStore.connectionString, mongoUri: mongo.connectionString };
    for (const instanceId of ['second', 'third']) {
      survivors.push(
        await startTestService({
          servers,
          config: {
            mongoDatabase: database,
            instanceId,
            viewLeaseMs,
            expirationCheckIntervalMs,
            reservationHoldSeconds,
          },
        }),
      );
    }
  });
  after(async () => {
    doomed?.child.kill('SIGKILL');
    await Promise.all(survivors.map((service) => service.stop()));
    await eventStore?.stop();
    await mongo?.stop();
  });

  const report = async (url: string) => (await getJson<Report>(`${url}/processes`)).body;

  it('when one instance is killed mid-load, then its messages go to the others, the view lease moves, and no booking is stuck', async () => {
    const [second, third] = survivors as [TestService, TestService];
    const urls = [doomed.url, second.url, third.url];
    // Every instance consumes in every group, and all three name the one writing the view.
    await eventually(async () => {
      const { processes } = await report(second.url);
      expect(processes.map((process) => process.consumers)).to.deep.equal([3, 3, 3]);
    }, 20_000);
    const before = await report(doomed.url);
    expect(before.instance).to.deep.equal({ id: 'doomed', roles: ['api', 'processes', 'view', 'expirer'] });
    expect(before.view.writer).to.include({ instance: 'doomed', here: true });
    expect(before.instances.map((instance) => instance.id)).to.deep.equal(['doomed', 'second', 'third']);
    await eventually(async () =>
      expect((await report(third.url)).view.writer).to.include({ instance: 'doomed', here: false }),
    );

    // Bookings spread over the three until the doomed one holds some of them in flight.
    const placed: { clientId: string; bookingId: string; pay: boolean }[] = [];
    const place = async (url: string, i: number) => {
      const clientId = `client-${i}`;
      placed.push({
        clientId,
        bookingId: await new BookingDriver(() => url).place(
          clientId,
          'rock-night',
          seats(1 + Math.floor(i / 50), (i % 50) + 1),
        ),
        pay: i % 2 === 0,
      });
    };
    for (let i = 0; i < 18; i++) await place(urls[i % 3]!, i);
    await eventually(async () => expect(doomed.held).not.to.be.empty, 10_000, 20);
    const heldWhenKilled = [...doomed.held];
    doomed.child.kill('SIGKILL');
    await once(doomed.child, 'exit');
    for (let i = 18; i < 45; i++) await place(urls[1 + (i % 2)]!, i);

    // The lease moves to a survivor, with a later term.
    await eventually(async () => {
      const { writer } = (await report(second.url)).view;
      expect(writer.instance).to.be.oneOf(['second', 'third']);
      expect(writer.token).to.be.greaterThan(before.view.writer.token!);
    }, viewLeaseMs * 4);
    await eventually(
      async () =>
        expect((await report(second.url)).processes.map((process) => process.consumers)).to.deep.equal([2, 2, 2]),
      10_000,
    );
    // The dead instance's heartbeat ages out of the list.
    await eventually(
      async () =>
        expect((await report(third.url)).instances.map((instance) => instance.id)).to.deep.equal(['second', 'third']),
      viewLeaseMs * 4,
    );

    // Every booking is confirmed (those the killed instance held were delivered again), half of them paid.
    const driver = new BookingDriver(() => second.url);
    for (const bookingId of heldWhenKilled) {
      const booking = placed.find((one) => one.bookingId === bookingId)!;
      await driver.until(booking.clientId, bookingId, ['Confirmed', 'Settled', 'Expired'], 30_000);
    }
    for (const booking of placed.filter((booking) => booking.pay)) {
      await driver.until(booking.clientId, booking.bookingId, ['Confirmed'], 30_000);
      expect((await driver.pay(booking.bookingId, 50_000)).status).to.equal(201);
    }
    for (const booking of placed) {
      await driver.until(booking.clientId, booking.bookingId, [booking.pay ? 'Settled' : 'Expired'], 30_000);
    }

    // Both surviving expirers ran; an expired booking was expired and released once, whoever got there first.
    for (const service of survivors)
      expect((await report(service.url)).expiration)
        .to.include({ runsHere: true })
        .and.to.have.property('ticks')
        .above(0);
    const concert = (await readTypes(second, 'concert-rock-night')).filter((event) => event.type === 'SeatsReleased');
    for (const booking of placed.filter((booking) => !booking.pay)) {
      expect(
        (await readTypes(second, `booking-${booking.bookingId}`)).filter((event) => event.type === 'BookingExpired'),
      ).to.have.length(1);
      expect(concert.filter((event) => event.bookingId === booking.bookingId)).to.have.length(1);
    }
    await assertInvariants(second.client, second.db, {
      expirationIntervalMs: expirationCheckIntervalMs,
      timeoutMs: 30_000,
    });
  });
});

async function readTypes(service: TestService, stream: string): Promise<{ type: string; bookingId?: string }[]> {
  const events: { type: string; bookingId?: string }[] = [];
  for await (const { event } of service.client.readStream(stream)) {
    if (event) events.push({ type: event.type, bookingId: (event.data as { bookingId?: string }).bookingId });
  }
  return events;
}
