// The three deployed projections after real bookings through the HTTP API, read through the client and the API.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually } from '../support/eventually.js';
import { getJson, postJson } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

const seat = (row: number, number: number) => ({ row, number });

describe('projections end to end: deployed with the service, fed by real bookings', () => {
  let service: TestService;
  const alice = `alice-${randomUUID().slice(0, 8)}`;
  const bob = `bob-${randomUUID().slice(0, 8)}`;
  const [settled, cancelled, refused] = ['settled', 'cancelled', 'refused'].map(
    (name) => `${name}-${randomUUID().slice(0, 8)}`,
  );

  const bookingOf = (clientId: string, bookingId: string) =>
    getJson(`${service.url}/clients/${clientId}/bookings/${bookingId}`);
  const confirmed = (clientId: string, bookingId: string) =>
    eventually(async () => expect((await bookingOf(clientId, bookingId)).body.status).to.equal('Confirmed'), 10_000);

  before(async () => {
    service = await startTestService();
    // Rows 1–10 cost 50000 a seat.
    await postJson(`${service.url}/clients/${alice}/bookings`, {
      bookingId: settled,
      concertId: 'rock-night',
      seats: [seat(5, 1), seat(5, 2)],
    });
    await postJson(`${service.url}/clients/${alice}/bookings`, {
      bookingId: cancelled,
      concertId: 'rock-night',
      seats: [seat(5, 3)],
    });
    await postJson(`${service.url}/clients/${bob}/bookings`, {
      bookingId: refused,
      concertId: 'jazz-evening',
      seats: [seat(6, 1)],
    });
    await Promise.all([confirmed(alice, settled), confirmed(alice, cancelled), confirmed(bob, refused)]);
    await postJson(`${service.url}/payments`, { paymentId: `pay-${settled}`, bookingId: settled, amount: 100000 });
    await postJson(`${service.url}/clients/${alice}/bookings/${cancelled}/cancel`, { reason: 'changed plans' });
    // The wrong amount is refused by the booking, so the payment process refunds it.
    await postJson(`${service.url}/payments`, { paymentId: `pay-${refused}`, bookingId: refused, amount: 1 });
    await eventually(async () => expect((await bookingOf(alice, settled)).body.status).to.equal('Settled'), 10_000);
  });
  after(async () => service.stop());

  const expectedOverview = {
    bookings: { AwaitingConfirmation: 0, Confirmed: 1, Denied: 0, Cancelled: 1, Expired: 0, Settled: 1 },
    placed: 3,
    settledRevenue: 100000,
    refunds: { count: 1, amount: 1 },
  };

  it('when the bookings have moved on, then booking-overview counts them and GET /stats answers from it', async () => {
    await eventually(
      async () => expect(await service.client.getProjectionResult('booking-overview')).to.deep.equal(expectedOverview),
      10_000,
    );
    const stats = await getJson(`${service.url}/stats`);
    expect(stats.status).to.equal(200);
    expect(stats.body).to.deep.equal(expectedOverview);
  });

  it("when seats were held, released and settled, then concert-sales has the concert's figures, also in GET /concerts/:id", async () => {
    const expected = {
      concertId: 'rock-night',
      name: 'Rock Night',
      seatsHeld: 2,
      seatsReserved: 3,
      seatsReleased: 1,
      settledBookings: 1,
      settledRevenue: 100000,
    };
    await eventually(
      async () =>
        expect(
          await service.client.getProjectionState('concert-sales', { partition: 'concert-rock-night' }),
        ).to.deep.equal(expected),
      10_000,
    );
    const concert = await getJson(`${service.url}/concerts/rock-night`);
    expect(concert.status).to.equal(200);
    expect(concert.body.sales).to.deep.include({ concertId: 'rock-night', seatsHeld: 2, settledRevenue: 100000 });
  });

  it("when a client booked twice, then client-activity's stream holds both bookings' events, resolved to the originals", async () => {
    const types = await eventually(async () => {
      const events: string[] = [];
      for await (const resolved of service.client.readStream(`clientbookings-${alice}`, { resolveLinkTos: true })) {
        events.push(`${resolved.event?.streamId}:${resolved.event?.type}`);
      }
      expect(events.filter((event) => event.startsWith(`booking-${settled}:`))).to.deep.equal([
        `booking-${settled}:BookingPlaced`,
        `booking-${settled}:BookingConfirmed`,
        `booking-${settled}:BookingPaid`,
        `booking-${settled}:BookingSettled`,
      ]);
      return events;
    }, 10_000);
    expect(types.filter((event) => event.startsWith(`booking-${cancelled}:`))).to.deep.equal([
      `booking-${cancelled}:BookingPlaced`,
      `booking-${cancelled}:BookingConfirmed`,
      `booking-${cancelled}:BookingCancelled`,
    ]);
    expect(types.some((event) => event.includes(refused))).to.equal(false);
  });

  it('when the service started, then it logged what deployment did with each projection', () => {
    const deployed = service.logs.filter((line) => typeof line.projection === 'string' && line.action === 'created');
    expect(deployed.map((line) => line.projection)).to.have.members([
      'booking-overview',
      'client-activity',
      'concert-sales',
    ]);
  });
});
