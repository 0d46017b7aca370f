// find: filters, sort across BSON types, projection, skip/limit, batches over getMore, killCursors.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';

describeWithDrivers('find', (context) => {
  const items = () => context().db.collection('items');

  before(async () => {
    await items().insertMany(
      Array.from({ length: 250 }, (_, i) => ({ _id: i as never, n: i, group: i % 5, tags: [`t${i % 3}`] })),
    );
  });

  it('when a filter uses comparison, logical and array operators, then exactly the matching documents return', async () => {
    const docs = await items()
      .find({
        $or: [{ n: { $lt: 3 } }, { n: { $gte: 247 } }],
        group: { $in: [0, 1, 2, 4] },
        tags: { $elemMatch: { $ne: 't9' } },
      })
      .toArray();
    expect(docs.map((d) => d.n)).to.deep.equal([0, 1, 2, 247, 249]);
  });

  it('when sorted, skipped and limited, then the page is taken after the sort', async () => {
    const docs = await items().find({ group: 3 }).sort({ n: -1 }).skip(2).limit(3).toArray();
    expect(docs.map((d) => d.n)).to.deep.equal([238, 233, 228]);
  });

  it('when a projection includes or excludes fields, then only those come back', async () => {
    expect(await items().findOne({ n: 7 }, { projection: { n: 1 } })).to.deep.equal({ _id: 7, n: 7 });
    expect(await items().findOne({ n: 7 }, { projection: { _id: 0, tags: 0, group: 0 } })).to.deep.equal({ n: 7 });
  });

  it('when more documents match than a batch holds, then the cursor fetches the rest with getMore', async () => {
    const cursor = items().find({}, { batchSize: 40 }).sort({ n: 1 });
    const all = await cursor.toArray();
    expect(all).to.have.length(250);
    expect(all[249].n).to.equal(249);
  });

  it('when a cursor is closed early, then killCursors releases it and later queries still work', async () => {
    const cursor = items().find({}, { batchSize: 10 });
    expect((await cursor.next())!._id).to.equal(0);
    await cursor.close();
    expect(await items().countDocuments({ group: 0 })).to.equal(50);
  });

  it('when values of different types are sorted, then they follow MongoDB order (null, numbers, strings, objects, arrays, ObjectId, booleans, dates)', async () => {
    const mixed = context().db.collection('mixed');
    const { ObjectId } = context().bson;
    const oid = new ObjectId('64b7f0c2a1b2c3d4e5f60718');
    await mixed.insertMany([
      { k: 'date', v: new Date(0) },
      { k: 'bool', v: true },
      { k: 'oid', v: oid },
      { k: 'array', v: [[5]] },
      { k: 'object', v: { a: 1 } },
      { k: 'string', v: 'a' },
      { k: 'number', v: 3 },
      { k: 'null', v: null },
    ]);
    const docs = await mixed.find({}, { sort: { v: 1 }, projection: { _id: 0, k: 1 } }).toArray();
    expect(docs.map((d) => d.k)).to.deep.equal(['null', 'number', 'string', 'object', 'array', 'oid', 'bool', 'date']);
  });

  it('when sorting descending by an array field, then each document sorts by its largest element', async () => {
    const arrays = context().db.collection('arrays');
    await arrays.insertMany([
      { k: 'a', v: [1, 9] },
      { k: 'b', v: [5] },
      { k: 'c', v: [2, 7] },
    ]);
    const down = await arrays.find({}, { sort: { v: -1 } }).toArray();
    const up = await arrays.find({}, { sort: { v: 1 } }).toArray();
    expect(down.map((d) => d.k)).to.deep.equal(['a', 'c', 'b']);
    expect(up.map((d) => d.k)).to.deep.equal(['a', 'c', 'b']);
  });

  it('when numbers are stored and queried as Int32, Long or double, then they compare by value', async () => {
    const numbers = context().db.collection('numbers');
    const { Long, Int32 } = context().bson;
    await numbers.insertMany([
      { k: 'long', v: Long.fromNumber(5) },
      { k: 'int', v: new Int32(6) },
      { k: 'double', v: 7.5 },
    ]);
    expect((await numbers.findOne({ v: 5 }))!.k).to.equal('long');
    expect((await numbers.findOne({ v: Long.fromNumber(6) }))!.k).to.equal('int');
    const above = await numbers.find({ v: { $gt: new Int32(5) } }, { sort: { v: 1 } }).toArray();
    expect(above.map((d) => d.k)).to.deep.equal(['int', 'double']);
  });

  it('when a filter compares by ObjectId or Date, then equality and ranges work', async () => {
    const events = context().db.collection('events');
    const { ObjectId } = context().bson;
    const ids = [new ObjectId(), new ObjectId()];
    await events.insertMany([
      { _id: ids[0], at: new Date('2026-01-01') },
      { _id: ids[1], at: new Date('2026-06-01') },
    ]);
    expect((await events.findOne({ _id: ids[1] }))!.at.toISOString()).to.equal('2026-06-01T00:00:00.000Z');
    expect(await events.countDocuments({ at: { $lt: new Date('2026-03-01') } })).to.equal(1);
    expect(await events.countDocuments({ _id: { $in: ids } })).to.equal(2);
  });
});
