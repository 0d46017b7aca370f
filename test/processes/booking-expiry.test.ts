// Expiry end to end with a one-second hold: unpaid bookings expire, free their seats, and late payments are refunded.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually } from '../support/eventually.js';
import { assertInvariants } from '../support/invariants.js';
import { startTestService, type TestService } from '../support/service.js';
import { BookingDriver, seats } from './booking-driver.js';

const expirationCheckIntervalMs = 100;

describe('booking expiry (processes end to end)', function () {
  this.timeout(60_000);
  let service: TestService;
  const driver = new BookingDriver(() => service.url);
  const client = () => `client-${randomUUID().slice(0, 8)}`;

  before(async () => {
    service = await startTestService({ config: { expirationCheckIntervalMs, reservationHoldSeconds: 1 } });
  });
  after(() => service?.stop());
  afterEach(() =>
    assertInvariants(service.client, service.db, {
      expirationIntervalMs: expirationCheckIntervalMs,
      clock: service.clock,
    }),
  );

  it('when a confirmed booking is not paid in time, then it expires and its seats can be booked again', async () => {
    const grace = client();
    const bookingId = await driver.place(grace, 'rock-night', seats(5, 10, 11));
    const confirmed = await driver.until(grace, bookingId, ['Confirmed']);
    expect(Date.parse(confirmed.expiresAt!) - Date.now()).to.be.at.most(1_000);

    await driver.until(grace, bookingId, ['Expired']);
    await eventually(async () =>
      expect(await driver.heldSeats('rock-night')).to.not.deep.include({ row: 5, number: 10 }),
    );

    const next = client();
    const again = await driver.place(next, 'rock-night', seats(5, 10, 11));
    expect((await driver.until(next, again, ['Confirmed', 'Denied'])).status).to.equal('Confirmed');
  });

  it('when a payment arrives after the booking expired, then it is refunded as not payable', async () => {
    const heidi = client();
    const bookingId = await driver.place(heidi, 'jazz-evening', seats(6, 1));
    await driver.until(heidi, bookingId, ['Expired']);
    const paymentId = randomUUID();
    expect((await driver.pay(bookingId, 50000, paymentId)).status).to.equal(201);
    await driver.untilRefunded(paymentId);
    expect((await driver.viewed(heidi, bookingId))?.status).to.equal('Expired');
  });

  it('when two service instances run their processes and expirers together, then a booking is confirmed and expired once', async () => {
    const second = await startTestService({ servers: service.servers, config: { ...service.config, port: 0 } });
    try {
      const judy = client();
      const bookingIds = await Promise.all(
        [1, 2, 3, 4].map((number) => driver.place(judy, 'rock-night', seats(8, number))),
      );
      for (const bookingId of bookingIds) await driver.until(judy, bookingId, ['Expired']);
      for (const bookingId of bookingIds) {
        const types: string[] = [];
        for await (const { event } of service.client.readStream(`booking-${bookingId}`))
          if (event) types.push(event.type);
        expect(types).to.deep.equal(['BookingPlaced', 'BookingConfirmed', 'BookingExpired']);
      }
      const concert: string[] = [];
      for await (const { event } of service.client.readStream('concert-rock-night')) {
        if (event && bookingIds.includes((event.data as { bookingId?: string }).bookingId ?? ''))
          concert.push(event.type);
      }
      expect(concert.sort()).to.deep.equal([...Array(4).fill('SeatsReleased'), ...Array(4).fill('SeatsReserved')]);
    } finally {
      await second.stop();
    }
  });

  it('when the expirer runs, then each expiry carries the booking’s correlation id', async () => {
    const ivan = client();
    const bookingId = await driver.place(ivan, 'jazz-evening', seats(7, 1));
    await driver.until(ivan, bookingId, ['Expired']);
    for await (const { event } of service.client.readStream(`booking-${bookingId}`)) {
      expect((event?.metadata as Record<string, unknown>).$correlationId).to.equal(bookingId);
    }
  });
});
