// The booking endpoints over HTTP against the real drivers and the embedded servers.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { bookingStream } from '../../src/bookings/stream.js';
import { eventually } from '../support/eventually.js';
import { getJson, postJson } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

const unique = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;
const seat = (row: number, number: number) => ({ row, number });

describe('bookings API', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(async () => {
    await service.stop();
  });

  const place = (clientId: string, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
    postJson(`${service.url}/clients/${clientId}/bookings`, body, headers);

  it('when a booking is placed, then 201 with its Location, AwaitingConfirmation and version 0', async () => {
    const bookingId = unique('b');
    const answer = await place('alice', { concertId: 'rock-night', seats: [seat(2, 1)], bookingId });
    expect(answer.status).to.equal(201);
    expect(answer.headers.get('location')).to.equal(`/clients/alice/bookings/${bookingId}`);
    expect(answer.body).to.deep.equal({ bookingId, status: 'AwaitingConfirmation', version: 0 });
    const read = await getJson(`${service.url}${answer.headers.get('location')}`);
    expect(read.status).to.equal(200);
    expect(read.body).to.include({ bookingId, clientId: 'alice', concertId: 'rock-night' });
    expect(read.body.seats).to.deep.equal([seat(2, 1)]);
  });

  it('when no bookingId is given, then the service makes one and answers with it', async () => {
    const answer = await place('alice', { concertId: 'jazz-evening', seats: [seat(3, 1)] });
    expect(answer.status).to.equal(201);
    expect(answer.body.bookingId).to.be.a('string').with.length.greaterThan(0);
    expect(answer.headers.get('location')).to.equal(`/clients/alice/bookings/${answer.body.bookingId}`);
  });

  it('when the same booking is placed again, then the same answer and still one BookingPlaced in its stream', async () => {
    const bookingId = unique('b');
    const body = { concertId: 'rock-night', seats: [seat(4, 1), seat(4, 2)], bookingId };
    const first = await place('alice', body);
    const again = await place('alice', { ...body, seats: [seat(4, 2), seat(4, 1)] });
    expect(again.status).to.equal(201);
    expect(again.body.bookingId).to.equal(first.body.bookingId);
    expect(again.headers.get('location')).to.equal(first.headers.get('location'));
    const placed = [];
    for await (const resolved of service.client.readStream(bookingStream(bookingId))) {
      if (resolved.event?.type === 'BookingPlaced') placed.push(resolved.event);
    }
    expect(placed).to.have.length(1);
  });

  it('when a booking id is reused with other data, then 409 BookingAlreadyExists', async () => {
    const bookingId = unique('b');
    await place('alice', { concertId: 'rock-night', seats: [seat(5, 1)], bookingId });
    const answer = await place('bob', { concertId: 'rock-night', seats: [seat(5, 1)], bookingId });
    expect(answer.status).to.equal(409);
    expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(answer.body).to.include({ status: 409, code: 'BookingAlreadyExists' });
  });

  it('when a seat is listed twice, then 400 DuplicateSeats naming body.seats', async () => {
    const answer = await place('alice', { concertId: 'rock-night', seats: [seat(6, 1), seat(6, 1)] });
    expect(answer.status).to.equal(400);
    expect(answer.body.code).to.equal('DuplicateSeats');
    expect(answer.body.errors.map((e: { field: string }) => e.field)).to.deep.equal(['body.seats']);
  });

  it('when more than 10 seats are asked for, then 400 TooManySeats', async () => {
    const seats = Array.from({ length: 11 }, (_, i) => seat(7, i + 1));
    const answer = await place('alice', { concertId: 'rock-night', seats });
    expect(answer.status).to.equal(400);
    expect(answer.body.code).to.equal('TooManySeats');
  });

  it('when the concert does not exist, then 404 ConcertNotFound and no booking stream', async () => {
    const bookingId = unique('b');
    const answer = await place('alice', { concertId: 'no-such-concert', seats: [seat(1, 1)], bookingId });
    expect(answer.status).to.equal(404);
    expect(answer.body.code).to.equal('ConcertNotFound');
    const { revision } = await service.aggregates.bookings.load(bookingId);
    expect(revision).to.equal(null);
  });

  it('when a booking is placed, then its event carries the booking id as correlation id and the request id as causation id', async () => {
    const bookingId = unique('b');
    await place(
      'alice',
      { concertId: 'rock-night', seats: [seat(8, 1)], bookingId },
      { 'X-Request-Id': 'req-place-1' },
    );
    const metadata = [];
    for await (const resolved of service.client.readStream(bookingStream(bookingId), { maxCount: 1 }))
      metadata.push(resolved.event?.metadata);
    expect(metadata).to.deep.equal([{ $correlationId: bookingId, $causationId: 'req-place-1' }]);
  });

  it('when another client asks for a booking, then 404 as if it did not exist', async () => {
    const bookingId = unique('b');
    await place('alice', { concertId: 'rock-night', seats: [seat(9, 1)], bookingId });
    const answer = await getJson(`${service.url}/clients/mallory/bookings/${bookingId}`);
    expect(answer.status).to.equal(404);
    expect(answer.body.code).to.equal('BookingNotFound');
    expect((await getJson(`${service.url}/clients/alice/bookings/${unique('missing')}`)).status).to.equal(404);
  });

  it('when the view does not have a booking (yet), then reading it answers from its stream', async () => {
    const bookingId = unique('b');
    await place('alice', { concertId: 'rock-night', seats: [seat(10, 1)], bookingId });
    // Let the view catch up, then take the document away: only the stream can answer now.
    await eventually(async () =>
      expect(await service.db.collection('bookings').countDocuments({ bookingId })).to.equal(1),
    );
    await service.db.collection('bookings').deleteMany({ bookingId });
    const read = await getJson(`${service.url}/clients/alice/bookings/${bookingId}`);
    expect(read.status).to.equal(200);
    expect(read.body).to.include({ bookingId, clientId: 'alice', concertId: 'rock-night' });
    expect(read.body.version).to.be.a('number');
    expect((await getJson(`${service.url}/clients/mallory/bookings/${bookingId}`)).status).to.equal(404);
  });

  it("when a client lists bookings, then only that client's, filtered by status, a page at a time", async () => {
    const clientId = unique('client');
    const ids = [unique('b'), unique('b'), unique('b')];
    for (const [i, bookingId] of ids.entries())
      await place(clientId, { concertId: 'jazz-evening', seats: [seat(20, i + 1)], bookingId });
    await place(unique('other'), { concertId: 'jazz-evening', seats: [seat(21, 1)] });
    await postJson(`${service.url}/clients/${clientId}/bookings/${ids[0]}/cancel`, { reason: 'plans changed' });

    await eventually(async () => {
      const all = await getJson(`${service.url}/clients/${clientId}/bookings?limit=100`);
      expect(all.status).to.equal(200);
      expect(all.body.items.map((item: { bookingId: string }) => item.bookingId)).to.have.members(ids);
      const cancelled = await getJson(`${service.url}/clients/${clientId}/bookings?status=Cancelled`);
      expect(cancelled.body.items.map((item: { bookingId: string }) => item.bookingId)).to.deep.equal([ids[0]]);
    });
    const first = await getJson(`${service.url}/clients/${clientId}/bookings?limit=2`);
    expect(first.body.items).to.have.length(2);
    expect(first.body.next).to.be.a('string');
    const second = await getJson(
      `${service.url}/clients/${clientId}/bookings?limit=2&after=${encodeURIComponent(first.body.next)}`,
    );
    expect(second.body.items).to.have.length(1);
    expect(second.body.next).to.equal(null);
    const seen = [...first.body.items, ...second.body.items].map((item: { bookingId: string }) => item.bookingId);
    expect(seen).to.have.members(ids);
  });

  describe('cancel', () => {
    const cancel = (clientId: string, bookingId: string, reason = 'plans changed') =>
      postJson(`${service.url}/clients/${clientId}/bookings/${bookingId}/cancel`, { reason });

    it('when an open booking is cancelled, then 200 Cancelled; cancelling again changes nothing', async () => {
      const bookingId = unique('b');
      await place('alice', { concertId: 'rock-night', seats: [seat(12, 1)], bookingId });
      const answer = await cancel('alice', bookingId);
      expect(answer.status).to.equal(200);
      expect(answer.body).to.include({ bookingId, status: 'Cancelled' });
      const again = await cancel('alice', bookingId);
      expect(again.status).to.equal(200);
      expect(again.body).to.deep.equal(answer.body);
    });

    it('when another client cancels a booking, then 404 and the booking is untouched', async () => {
      const bookingId = unique('b');
      await place('alice', { concertId: 'rock-night', seats: [seat(13, 1)], bookingId });
      const answer = await cancel('mallory', bookingId);
      expect(answer.status).to.equal(404);
      const { state } = await service.aggregates.bookings.load(bookingId);
      expect(state.status).to.not.equal('Cancelled');
    });

    it('when a settled booking is cancelled, then 409 BookingIsAlreadySettled', async () => {
      const bookingId = unique('b');
      await place('alice', { concertId: 'rock-night', seats: [seat(14, 1)], bookingId });
      const context = { correlationId: bookingId, causationId: 'test' };
      const tickets = [{ seat: seat(14, 1), price: 30000 }];
      await service.aggregates.bookings.handle(
        bookingId,
        { type: 'ConfirmBooking', data: { tickets, expiresAt: new Date(Date.now() + 60_000), now: new Date() } },
        context,
      );
      await service.aggregates.bookings.handle(
        bookingId,
        { type: 'ReceivePayment', data: { paymentId: unique('p'), amount: 30000, now: new Date() } },
        context,
      );
      const answer = await cancel('alice', bookingId);
      expect(answer.status).to.equal(409);
      expect(answer.body.code).to.equal('BookingIsAlreadySettled');
    });
  });
});
