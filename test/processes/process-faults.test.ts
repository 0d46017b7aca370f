// Faults the processes must survive: redelivered messages, failing steps parked, dropped subscriptions, restarts, races for seats.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually } from '../support/eventually.js';
import { getJson } from '../support/http.js';
import { assertInvariants } from '../support/invariants.js';
import { startTestService, type TestService } from '../support/service.js';
import type { ProcessesTuning } from '../../src/processes/start-processes.js';
import type { EventStoreFaults } from '../support/faulty-eventstore.js';
import { BookingDriver, seats } from './booking-driver.js';

const expirationCheckIntervalMs = 200;
const client = () => `client-${randomUUID().slice(0, 8)}`;

async function typesOf(service: TestService, stream: string): Promise<string[]> {
  const types: string[] = [];
  for await (const { event } of service.client.readStream(stream)) if (event) types.push(event.type);
  return types;
}

function withService(processes: ProcessesTuning = {}, faults?: EventStoreFaults) {
  const context = { service: undefined as unknown as TestService };
  before(async () => {
    context.service = await startTestService({
      config: { expirationCheckIntervalMs },
      dependencies: { processes },
      faults,
    });
  });
  after(() => context.service?.stop());
  afterEach(() =>
    assertInvariants(context.service.client, context.service.db, {
      expirationIntervalMs: expirationCheckIntervalMs,
      clock: context.service.clock,
    }),
  );
  return context;
}

describe('process faults', function () {
  this.timeout(90_000);

  describe('when every first delivery is nacked after its effects were appended', () => {
    const deliveries = new Map<string, number>();
    const ctx = withService(
      {},
      {
        settle: (delivery) => {
          const eventId = delivery.event!.id;
          deliveries.set(eventId, (deliveries.get(eventId) ?? 0) + 1);
          return delivery.retryCount === 0 ? 'nack' : 'ack';
        },
      },
    );
    const driver = new BookingDriver(() => ctx.service.url);

    it('then each message is handled again and nothing happens twice', async () => {
      const judy = client();
      const bookingId = await driver.place(judy, 'rock-night', seats(8, 1, 2));
      await driver.until(judy, bookingId, ['Confirmed']);
      await driver.pay(bookingId, 100000);
      await driver.until(judy, bookingId, ['Settled']);
      await eventually(async () =>
        expect([...deliveries.values()].filter((count) => count >= 2).length).to.be.at.least(2),
      );
      expect(await typesOf(ctx.service, `booking-${bookingId}`)).to.deep.equal([
        'BookingPlaced',
        'BookingConfirmed',
        'BookingPaid',
        'BookingSettled',
      ]);
      const concert = await typesOf(ctx.service, 'concert-rock-night');
      expect(concert.filter((type) => type === 'SeatsReserved')).to.have.length(1);
    });
  });

  describe('when every first delivery is left unacknowledged until the message timeout', () => {
    const retried = new Set<string>();
    const ctx = withService(
      { messageTimeoutMs: 1_000 },
      {
        settle: (delivery) => {
          if (delivery.retryCount === 0) return 'timeout';
          retried.add(delivery.event!.id);
          return 'ack';
        },
      },
    );
    const driver = new BookingDriver(() => ctx.service.url);

    it('then the server redelivers it and the effects stay single', async () => {
      const kim = client();
      const bookingId = await driver.place(kim, 'jazz-evening', seats(8, 1));
      await driver.until(kim, bookingId, ['Confirmed']);
      await eventually(async () => expect(retried.size).to.be.at.least(1), 10_000);
      expect(await typesOf(ctx.service, `booking-${bookingId}`)).to.deep.equal(['BookingPlaced', 'BookingConfirmed']);
    });
  });

  describe('when a step keeps failing (the store refuses its append)', () => {
    const poisoned = randomUUID();
    let refusedStream: string | undefined;
    const ctx = withService(
      { maxRetryCount: 2, backoff: { initialMs: 10, maxMs: 20 } },
      {
        beforeAppend: (stream) => {
          if (stream === refusedStream) throw new Error('event store refuses writes to this stream');
        },
      },
    );
    const driver = new BookingDriver(() => ctx.service.url);

    it('then the message is parked after the retry limit, GET /processes counts it, and a replay settles it', async () => {
      const leo = client();
      const bookingId = await driver.place(leo, 'rock-night', seats(9, 1));
      await driver.until(leo, bookingId, ['Confirmed']);
      // From now on the payment step's append to the booking fails, every time.
      refusedStream = `booking-${bookingId}`;
      await driver.pay(bookingId, 50000, poisoned);
      await eventually(async () => {
        const report = (await getJson(`${ctx.service.url}/processes`)).body;
        const payment = report.processes.find((process: { name: string }) => process.name === 'booking-payment');
        expect(payment.parked).to.equal(1);
      }, 15_000);
      expect((await driver.viewed(leo, bookingId))?.status).to.equal('Confirmed');
      // What an operator does once the cause is fixed: replay the parked messages.
      refusedStream = undefined;
      await ctx.service.client.replayParkedMessagesToStream('$et-PaymentSucceeded', 'booking-payment');
      expect((await driver.until(leo, bookingId, ['Settled'])).paymentId).to.equal(poisoned);
    });
  });

  describe('when a consumer group is deleted under a running service', () => {
    const ctx = withService({ backoff: { initialMs: 800, maxMs: 1_000 } });
    const driver = new BookingDriver(() => ctx.service.url);

    it('then /ready reports the process down, it resubscribes, recreates its group and replays harmlessly', async () => {
      const mia = client();
      const first = await driver.place(mia, 'jazz-evening', seats(10, 1));
      await driver.until(mia, first, ['Confirmed']);

      await ctx.service.client.deletePersistentSubscriptionToStream('$et-BookingPlaced', 'booking-confirmation');
      await eventually(
        async () => {
          const ready = await getJson(`${ctx.service.url}/ready`);
          expect(ready.status).to.equal(503);
          expect(ready.body.checks['booking-confirmation'].ok).to.equal(false);
        },
        3_000,
        20,
      );
      await eventually(async () => expect((await getJson(`${ctx.service.url}/ready`)).status).to.equal(200), 10_000);

      const second = await driver.place(mia, 'jazz-evening', seats(10, 2));
      await driver.until(mia, second, ['Confirmed']);
      // The recreated group starts from the beginning: the first booking's message came again and changed nothing.
      expect(await typesOf(ctx.service, `booking-${first}`)).to.deep.equal(['BookingPlaced', 'BookingConfirmed']);
    });
  });

  describe('when the service stops in the middle of the processes and starts again', () => {
    const ctx = withService();
    const driver = new BookingDriver(() => ctx.service.url);

    it('then every booking reaches its end state', async () => {
      const nina = client();
      const placed = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          driver.place(nina, i % 2 ? 'rock-night' : 'jazz-evening', seats(11 + (i % 2), i + 1)),
        ),
      );
      await ctx.service.restart();
      for (const bookingId of placed) await driver.until(nina, bookingId, ['Confirmed'], 20_000);
      const paid = placed.slice(0, 10);
      await Promise.all(paid.map((bookingId) => driver.pay(bookingId, 30000)));
      await ctx.service.restart();
      for (const bookingId of paid) await driver.until(nina, bookingId, ['Settled'], 20_000);
    });
  });

  describe('when many bookings race for the same seats', () => {
    const ctx = withService();
    const driver = new BookingDriver(() => ctx.service.url);

    it('then exactly one booking holds each seat and the others are denied', async () => {
      const racers = Array.from({ length: 12 }, () => client());
      const contested = seats(30, 1, 2, 3);
      const bookings = await Promise.all(
        racers.map((racer, i) => driver.place(racer, 'rock-night', i % 2 ? contested : contested.slice(1))),
      );
      const outcomes = await Promise.all(
        bookings.map((bookingId, i) => driver.until(racers[i]!, bookingId, ['Confirmed', 'Denied'])),
      );
      const winners = outcomes.filter((outcome) => outcome.status === 'Confirmed');
      expect(winners).to.have.length(1);
      const held = (await driver.heldSeats('rock-night')).filter((seat) => seat.row === 30);
      expect(held).to.have.length(winners[0]!.tickets!.length);
    });
  });
});
