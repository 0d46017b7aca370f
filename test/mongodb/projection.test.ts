// find projections through the driver: field order, dotted paths through arrays, stored documents left intact, errors.
import { expect } from 'chai';
import { failure } from './support/failure.js';
import { describeWithDrivers } from './support/target.js';

describeWithDrivers('projection', (context) => {
  const bookings = () => context().db.collection('bookings');

  before(async () => {
    await bookings().insertMany(
      Array.from({ length: 8 }, (_, i) => ({
        _id: `b${i}` as never,
        bookingId: `b${i}`,
        clientId: `c${i % 3}`,
        concertId: 'k1',
        seats: [
          { row: 1, number: i },
          { row: 2, number: i },
        ],
        status: i % 2 === 0 ? 'Confirmed' : 'AwaitingConfirmation',
        totalPrice: 1000 * i,
        expiresAt: new Date(Date.UTC(2026, 0, 1, 0, i)),
        revision: i,
      })),
    );
  });

  it('when a poller asks for three fields of some bookings, then each comes back with _id and those fields in stored order', async () => {
    const found = await bookings()
      .find(
        { _id: { $in: ['b1', 'b2', 'b3'] as never[] }, status: { $in: ['Confirmed'] } },
        { projection: { totalPrice: 1, status: 1, bookingId: 1 } },
      )
      .toArray();
    expect(found).to.deep.equal([{ _id: 'b2', bookingId: 'b2', status: 'Confirmed', totalPrice: 2000 }]);
    expect(Object.keys(found[0])).to.deep.equal(['_id', 'bookingId', 'status', 'totalPrice']);
  });

  it('when a dotted inclusion goes through an array, then each element document keeps only that field', async () => {
    const found = await bookings().findOne({ _id: 'b3' as never }, { projection: { 'seats.row': 1, _id: 0 } });
    expect(found).to.deep.equal({ seats: [{ row: 1 }, { row: 2 }] });
  });

  it('when a dotted exclusion is read, then the stored documents still hold the excluded field', async () => {
    const shown = await bookings()
      .find({}, { projection: { 'seats.number': 0, clientId: 0 } })
      .toArray();
    expect(shown[4]).to.deep.equal({
      _id: 'b4',
      bookingId: 'b4',
      concertId: 'k1',
      seats: [{ row: 1 }, { row: 2 }],
      status: 'Confirmed',
      totalPrice: 4000,
      expiresAt: new Date(Date.UTC(2026, 0, 1, 0, 4)),
      revision: 4,
    });
    expect((await bookings().findOne({ _id: 'b4' as never }))!.seats).to.deep.equal([
      { row: 1, number: 4 },
      { row: 2, number: 4 },
    ]);
  });

  it('when an exclusion keeps _id explicitly, then only the excluded fields go', async () => {
    const found = await bookings().findOne(
      { _id: 'b5' as never },
      { projection: { _id: 1, seats: 0, expiresAt: 0, concertId: 0 } },
    );
    expect(found).to.deep.equal({
      _id: 'b5',
      bookingId: 'b5',
      clientId: 'c2',
      status: 'AwaitingConfirmation',
      totalPrice: 5000,
      revision: 5,
    });
  });

  it("when a projection mixes inclusion and exclusion, then the find fails with mongod's code and message for the field that breaks the style", async () => {
    const exclusion = await failure(
      bookings()
        .find({}, { projection: { status: 1, seats: 0 } })
        .toArray(),
    );
    expect(exclusion.code).to.equal(31254);
    expect(exclusion.message).to.equal('Cannot do exclusion on field seats in inclusion projection');
    const inclusion = await failure(
      bookings()
        .find({}, { projection: { seats: 0, status: 1 } })
        .toArray(),
    );
    expect(inclusion.code).to.equal(31253);
    expect(inclusion.message).to.equal('Cannot do inclusion on field status in exclusion projection');
  });
});
