// Each lifecycle of domain.md end to end, over HTTP, against the embedded servers; the invariants are checked after every test.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { getJson } from '../support/http.js';
import { assertInvariants } from '../support/invariants.js';
import { startTestService, type TestService } from '../support/service.js';
import { BookingDriver, seats } from './booking-driver.js';

const expirationCheckIntervalMs = 200;

describe('booking lifecycles (processes end to end)', function () {
  this.timeout(60_000);
  let service: TestService;
  const driver = new BookingDriver(() => service.url);
  const client = () => `client-${randomUUID().slice(0, 8)}`;

  before(async () => {
    service = await startTestService({
      config: { expirationCheckIntervalMs, reservationHoldSeconds: 900 },
      // Holds a booking's deliveries back (its confirmation step among them) while a test cancels it.
      faults: {
        beforeDelivery: async (delivery) =>
          void (await held.get(String((delivery.event?.data as { bookingId?: unknown } | undefined)?.bookingId))),
      },
    });
  });
  after(() => service?.stop());
  afterEach(() =>
    assertInvariants(service.client, service.db, {
      expirationIntervalMs: expirationCheckIntervalMs,
      clock: service.clock,
    }),
  );

  it('when a booking is placed and paid, then it is confirmed, paid and settled, and its seats stay held', async () => {
    const alice = client();
    const bookingId = await driver.place(alice, 'rock-night', seats(1, 1, 2));
    const confirmed = await driver.until(alice, bookingId, ['Confirmed']);
    expect(confirmed.totalPrice).to.equal(100000);
    expect(confirmed.tickets).to.deep.equal([
      { seat: { row: 1, number: 1 }, price: 50000 },
      { seat: { row: 1, number: 2 }, price: 50000 },
    ]);

    const paymentId = randomUUID();
    expect((await driver.pay(bookingId, 100000, paymentId)).status).to.equal(201);
    const settled = await driver.until(alice, bookingId, ['Settled']);
    expect(settled.paymentId).to.equal(paymentId);
    expect((await driver.payment(paymentId)).status).to.equal('Succeeded');
    expect(await driver.heldSeats('rock-night')).to.deep.include.members(seats(1, 1, 2));
  });

  it('when the processes act, then each event they append names the booking’s correlation id and the event that caused it', async () => {
    const ruth = client();
    const bookingId = await driver.place(ruth, 'rock-night', seats(1, 9));
    await driver.until(ruth, bookingId, ['Confirmed']);
    const paymentId = randomUUID();
    await driver.pay(bookingId, 50000, paymentId);
    await driver.until(ruth, bookingId, ['Settled']);

    const booking = await readEvents(service, `booking-${bookingId}`);
    const [placedEvent] = await readEvents(service, `booking-${bookingId}`);
    const [paymentEvent] = await readEvents(service, `payment-${paymentId}`);
    const reservation = (await readEvents(service, 'concert-rock-night')).find(
      (event) => event.data.bookingId === bookingId,
    );
    const causes = (event: Recorded | undefined) => [event?.metadata.$correlationId, event?.metadata.$causationId];
    expect(causes(booking.find((event) => event.type === 'BookingConfirmed'))).to.deep.equal([
      bookingId,
      placedEvent!.id,
    ]);
    expect(causes(reservation)).to.deep.equal([bookingId, placedEvent!.id]);
    expect(causes(booking.find((event) => event.type === 'BookingPaid'))).to.deep.equal([bookingId, paymentEvent!.id]);
    const stepLogs = service.logs.filter(
      (line) => String(line.message).startsWith('booking ') && line.bookingId === bookingId,
    );
    expect(stepLogs.map((line) => line.message)).to.include.members([
      'booking confirmation: seats reserved',
      'booking confirmation: confirm',
      'booking payment: received',
    ]);
    expect(stepLogs.every((line) => line.correlationId === bookingId)).to.equal(true);
  });

  it('when a booking asks for seats another booking holds, then it is denied naming them', async () => {
    const first = client();
    const second = client();
    const holder = await driver.place(first, 'jazz-evening', seats(2, 5));
    await driver.until(first, holder, ['Confirmed']);
    const late = await driver.place(second, 'jazz-evening', seats(2, 5, 6));
    const denied = await driver.until(second, late, ['Denied']);
    expect(denied.reason).to.match(/^SeatsAlreadyBooked/);
    expect(await driver.heldSeats('jazz-evening')).to.not.deep.include({ row: 2, number: 6 });
  });

  it('when a confirmed booking is cancelled, then its seats are released and can be booked again', async () => {
    const bob = client();
    const bookingId = await driver.place(bob, 'rock-night', seats(3, 1, 2));
    await driver.until(bob, bookingId, ['Confirmed']);
    expect((await driver.cancel(bob, bookingId)).status).to.equal(200);
    await driver.until(bob, bookingId, ['Cancelled']);
    await waitUntil(async () => !(await driver.heldSeats('rock-night')).some((seat) => seat.row === 3));

    const next = client();
    const again = await driver.place(next, 'rock-night', seats(3, 1, 2));
    await driver.until(next, again, ['Confirmed']);
  });

  it('when a booking that awaits confirmation is cancelled, then it never holds its seats', async () => {
    const carol = client();
    const bookingId = randomUUID();
    let releaseGate!: () => void;
    const gate = new Promise<void>((resolve) => (releaseGate = resolve));
    held.set(bookingId, gate);
    await driver.place(carol, 'jazz-evening', seats(4, 1), bookingId);
    await driver.until(carol, bookingId, ['AwaitingConfirmation']);
    expect((await driver.cancel(carol, bookingId)).status).to.equal(200);
    releaseGate();
    await driver.until(carol, bookingId, ['Cancelled']);
    // The held step ran after the cancel: it found nothing to confirm and reserved nothing.
    await waitUntil(async () =>
      service.logs.some(
        (line) => line.bookingId === bookingId && line.message === 'booking confirmation: nothing to do',
      ),
    );
    await waitUntil(async () => !(await driver.heldSeats('jazz-evening')).some((seat) => seat.row === 4));
  });

  it('when a payment has the wrong amount, then it is refunded and the booking stays confirmed', async () => {
    const dave = client();
    const bookingId = await driver.place(dave, 'rock-night', seats(20, 1));
    await driver.until(dave, bookingId, ['Confirmed']);
    const paymentId = randomUUID();
    await driver.pay(bookingId, 1, paymentId);
    await driver.untilRefunded(paymentId);
    expect((await driver.viewed(dave, bookingId))?.status).to.equal('Confirmed');
  });

  it('when a settled booking gets a second payment, then the second one is refunded and the first kept', async () => {
    const erin = client();
    const bookingId = await driver.place(erin, 'jazz-evening', seats(21, 1));
    await driver.until(erin, bookingId, ['Confirmed']);
    const first = randomUUID();
    const second = randomUUID();
    await driver.pay(bookingId, 30000, first);
    await driver.until(erin, bookingId, ['Settled']);
    await driver.pay(bookingId, 30000, second);
    await driver.untilRefunded(second);
    expect((await driver.payment(first)).status).to.equal('Succeeded');
  });

  it('when the same payment is sent twice, then the booking is paid once and nothing is refunded', async () => {
    const frank = client();
    const bookingId = await driver.place(frank, 'rock-night', seats(22, 1));
    await driver.until(frank, bookingId, ['Confirmed']);
    const paymentId = randomUUID();
    const answers = await Promise.all([
      driver.pay(bookingId, 30000, paymentId),
      driver.pay(bookingId, 30000, paymentId),
    ]);
    expect(answers.map((answer) => answer.status)).to.deep.equal([201, 201]);
    await driver.until(frank, bookingId, ['Settled']);
    const events = await readTypes(service, `booking-${bookingId}`);
    expect(events.filter((type) => type === 'BookingPaid')).to.have.length(1);
    expect(await readTypes(service, `payment-${paymentId}`)).to.deep.equal(['PaymentSucceeded']);
  });

  it("when the service's clock is moved past the 15-minute hold, then the unpaid booking expires and frees its seats; a settled one stays", async () => {
    const mallory = client();
    const unpaid = await driver.place(mallory, 'jazz-evening', seats(20, 1));
    const paid = await driver.place(mallory, 'jazz-evening', seats(20, 2));
    await driver.until(mallory, unpaid, ['Confirmed']);
    await driver.pay(paid, (await driver.until(mallory, paid, ['Confirmed'])).totalPrice!);
    await driver.until(mallory, paid, ['Settled']);
    service.clock.advance(900_000 + 1_000);
    await driver.until(mallory, unpaid, ['Expired']);
    expect(await driver.heldSeats('jazz-evening')).to.not.deep.include({ row: 20, number: 1 });
    expect((await driver.viewed(mallory, paid))?.status).to.equal('Settled');
    // afterEach checks the invariants on the same moved clock: with the wall clock, invariant 5 could not see it due.
  });

  it('when all of the above is done, then ticket release was sent the cancellations and expiries only, not every booking event', async () => {
    const countTypes = async () => {
      const counts = { releasing: 0, otherBookingEvents: 0 };
      for await (const { event } of service.client.readAll()) {
        if (!event?.streamId.startsWith('booking-')) continue;
        if (event.type === 'BookingCancelled' || event.type === 'BookingExpired') counts.releasing += 1;
        else counts.otherBookingEvents += 1;
      }
      return counts;
    };
    let counts = await countTypes();
    expect(counts.releasing).to.be.greaterThan(0);
    expect(counts.otherBookingEvents).to.be.greaterThan(counts.releasing);
    await waitUntil(async () => {
      counts = await countTypes();
      const report = (
        await getJson<{ processes: { name: string; inFlight?: number; instance: { handled: number } }[] }>(
          `${service.url}/processes`,
        )
      ).body;
      const release = report.processes.find((process) => process.name === 'ticket-release')!;
      return release.inFlight === 0 && release.instance.handled === counts.releasing;
    });
  });
});

/** Deliveries held back by the lifecycle test that cancels before confirmation (test/support/faulty-eventstore.ts). */
const held = new Map<string, Promise<void>>();

async function waitUntil(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

interface Recorded {
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

async function readEvents(service: TestService, stream: string): Promise<Recorded[]> {
  const events: Recorded[] = [];
  for await (const { event } of service.client.readStream(stream)) {
    if (event)
      events.push({
        id: event.id,
        type: event.type,
        data: event.data as Record<string, unknown>,
        metadata: event.metadata as Record<string, unknown>,
      });
  }
  return events;
}

async function readTypes(service: TestService, stream: string): Promise<string[]> {
  const types: string[] = [];
  for await (const { event } of service.client.readStream(stream)) if (event) types.push(event.type);
  return types;
}
