// The concert endpoints: the seeded concerts, their seat maps, prices and held seats.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { getJson } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

describe('concerts API', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
  });
  after(async () => {
    await service.stop();
  });

  it('when concerts are listed, then both seeded concerts show 30 rows of 50 seats and their two price bands', async () => {
    const answer = await getJson(`${service.url}/concerts`);
    expect(answer.status).to.equal(200);
    expect(answer.body.items.map((concert: { concertId: string }) => concert.concertId)).to.deep.equal([
      'rock-night',
      'jazz-evening',
    ]);
    for (const concert of answer.body.items) {
      expect(concert).to.include({ rows: 30, seatsPerRow: 50, seatCount: 1500 });
      expect(concert.pricing).to.deep.equal([
        { fromRow: 1, toRow: 10, price: 50000 },
        { fromRow: 11, toRow: 30, price: 30000 },
      ]);
    }
  });

  it('when seats are reserved for a booking, then the concert lists them as held and counts fewer free seats', async () => {
    const before = await getJson(`${service.url}/concerts/jazz-evening`);
    const seats = [
      { row: 30, number: 49 },
      { row: 30, number: 50 },
    ];
    const bookingId = `b-${randomUUID()}`;
    await service.aggregates.concerts.handle(
      'jazz-evening',
      { type: 'ReserveSeats', data: { bookingId, seats, now: new Date(), holdSeconds: 900 } },
      { correlationId: bookingId, causationId: 'test' },
    );
    const after = await getJson(`${service.url}/concerts/jazz-evening`);
    expect(after.status).to.equal(200);
    expect(after.body.heldSeats).to.deep.include.members(seats);
    expect(after.body.freeSeats).to.equal(before.body.freeSeats - 2);
    expect(after.body).to.not.have.property('holds');
  });

  it('when the concert does not exist, then 404 ConcertNotFound as problem+json', async () => {
    const answer = await getJson(`${service.url}/concerts/no-such-concert`);
    expect(answer.status).to.equal(404);
    expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
    expect(answer.body.code).to.equal('ConcertNotFound');
  });
});
