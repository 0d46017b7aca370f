// Inserts, updates, replaces and deletes through the official drivers.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';
import { failure } from './support/failure.js';

describeWithDrivers('CRUD', (context) => {
  const bookings = () => context().db.collection('bookings');

  beforeEach(async () => {
    await bookings().deleteMany({});
  });

  it('when a document is inserted without _id, then it gets an ObjectId stored as its first field', async () => {
    const { insertedId } = await bookings().insertOne({ clientId: 'c1', seats: 2 });
    const found = await bookings().findOne({ clientId: 'c1' });
    expect(insertedId._bsontype).to.equal('ObjectId');
    expect(Object.keys(found!)).to.deep.equal(['_id', 'clientId', 'seats']);
    expect(found!._id.toString()).to.equal(insertedId.toString());
  });

  it('when many documents are inserted, then findOne finds each by any field', async () => {
    const { insertedCount } = await bookings().insertMany([
      { _id: 'b1' as never, clientId: 'c1', status: 'Confirmed' },
      { _id: 'b2' as never, clientId: 'c2', status: 'Denied' },
    ]);
    expect(insertedCount).to.equal(2);
    expect(await bookings().findOne({ status: 'Denied' })).to.deep.equal({
      _id: 'b2',
      clientId: 'c2',
      status: 'Denied',
    });
    expect(await bookings().findOne({ clientId: 'nobody' })).to.equal(null);
  });

  it('when updateOne sets a field, then only the first match changes and the counts say so', async () => {
    await bookings().insertMany([
      { n: 1, status: 'a' },
      { n: 2, status: 'a' },
    ]);
    const result = await bookings().updateOne({ status: 'a' }, { $set: { status: 'b' } });
    expect(result.matchedCount).to.equal(1);
    expect(result.modifiedCount).to.equal(1);
    expect(await bookings().countDocuments({ status: 'b' })).to.equal(1);
  });

  it('when an update changes nothing, then it matches but modifies nothing', async () => {
    await bookings().insertOne({ n: 1, status: 'a' });
    const result = await bookings().updateOne({ n: 1 }, { $set: { status: 'a' } });
    expect(result.matchedCount).to.equal(1);
    expect(result.modifiedCount).to.equal(0);
  });

  it('when updateMany runs several operators, then every match gets all of them', async () => {
    await bookings().insertMany([
      { n: 1, tags: ['x'] },
      { n: 2, tags: [] },
      { n: 3, tags: ['z'] },
    ]);
    const result = await bookings().updateMany(
      { n: { $lte: 2 } },
      { $inc: { n: 10 }, $push: { tags: 'y' } as never, $unset: { missing: '' }, $currentDate: { touchedAt: true } },
    );
    expect(result.matchedCount).to.equal(2);
    expect(result.modifiedCount).to.equal(2);
    const docs = await bookings()
      .find({}, { sort: { n: 1 }, projection: { _id: 0, n: 1, tags: 1 } })
      .toArray();
    expect(docs).to.deep.equal([
      { n: 3, tags: ['z'] },
      { n: 11, tags: ['x', 'y'] },
      { n: 12, tags: ['y'] },
    ]);
    expect((await bookings().findOne({ n: 11 }))!.touchedAt).to.be.instanceOf(Date);
  });

  it('when an update uses the positional operator or arrayFilters, then only the chosen elements change', async () => {
    await bookings().insertOne({
      _id: 'p' as never,
      tickets: [
        { row: 1, price: 10 },
        { row: 2, price: 20 },
      ],
    });
    await bookings().updateOne({ _id: 'p' as never, 'tickets.row': 2 }, { $set: { 'tickets.$.price': 25 } });
    await bookings().updateOne(
      { _id: 'p' as never },
      { $inc: { 'tickets.$[t].price': 1 } },
      { arrayFilters: [{ 't.row': 1 }] },
    );
    expect((await bookings().findOne({ _id: 'p' as never }))!.tickets).to.deep.equal([
      { row: 1, price: 11 },
      { row: 2, price: 25 },
    ]);
  });

  it('when an update is a pipeline, then its stages compute the new fields', async () => {
    await bookings().insertOne({ _id: 'q' as never, a: 2, b: 3 });
    await bookings().updateOne({ _id: 'q' as never }, [{ $set: { total: { $add: ['$a', '$b'] } } }, { $unset: 'b' }]);
    expect(await bookings().findOne({ _id: 'q' as never })).to.deep.equal({ _id: 'q', a: 2, total: 5 });
  });

  it('when a pipeline update replaces the root without _id, then the stored _id is kept; when it changes _id, then it fails with 66', async () => {
    await bookings().insertOne({ _id: 'root' as never, a: 1, inner: { b: 2 } });
    await bookings().updateOne({ _id: 'root' as never }, [{ $replaceRoot: { newRoot: '$inner' } }]);
    expect(await bookings().findOne({ _id: 'root' as never })).to.deep.equal({ _id: 'root', b: 2 });
    await bookings().updateOne({ _id: 'root' as never }, [{ $unset: '_id' }, { $set: { c: 3 } }]);
    expect(await bookings().findOne({ _id: 'root' as never })).to.deep.equal({ _id: 'root', b: 2, c: 3 });
    const error = await failure(
      bookings().updateOne({ _id: 'root' as never }, [{ $replaceWith: { _id: 'other', d: 4 } }]),
    );
    expect(error.code).to.equal(66);
  });

  it('when replaceOne runs, then the whole document is replaced and the _id kept', async () => {
    await bookings().insertOne({ _id: 'r' as never, a: 1, b: 2 });
    const result = await bookings().replaceOne({ _id: 'r' as never }, { c: 3 });
    expect(result.modifiedCount).to.equal(1);
    expect(await bookings().findOne({ _id: 'r' as never })).to.deep.equal({ _id: 'r', c: 3 });
  });

  it('when a replacement repeats the _id last, then it is stored first; when it names another, then the write fails with 66', async () => {
    await bookings().insertOne({ _id: 's' as never, a: 1 });
    await bookings().replaceOne({ _id: 's' as never }, { c: 3, d: 4, _id: 's' as never });
    const stored = await bookings().findOne({ _id: 's' as never });
    expect(stored).to.deep.equal({ _id: 's', c: 3, d: 4 });
    expect(Object.keys(stored!)).to.deep.equal(['_id', 'c', 'd']);
    const error = await failure(bookings().replaceOne({ _id: 's' as never }, { _id: 't' as never, c: 5 }));
    expect(error.code).to.equal(66);
  });

  it('when deleteOne and deleteMany run, then they remove one and then all matches', async () => {
    await bookings().insertMany([{ k: 1 }, { k: 1 }, { k: 1 }, { k: 2 }]);
    expect((await bookings().deleteOne({ k: 1 })).deletedCount).to.equal(1);
    expect((await bookings().deleteMany({ k: 1 })).deletedCount).to.equal(2);
    expect((await bookings().deleteMany({ k: 9 })).deletedCount).to.equal(0);
    expect(await bookings().countDocuments()).to.equal(1);
  });

  it('when a write is unacknowledged (w: 0), then it is applied and the connection stays usable', async () => {
    await bookings().insertOne({ fast: true }, { writeConcern: { w: 0 } });
    let found = null;
    for (let attempt = 0; attempt < 50 && !found; attempt++) found = await bookings().findOne({ fast: true });
    expect(found).to.include({ fast: true });
  });
});
