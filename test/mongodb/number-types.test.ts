// BSON types survive a round trip: int32, double, int64 and regular expressions come back as written,
// the driver's promoteLongs/promoteValues/useBigInt64 options see them as with mongod, and queries,
// sorts and $inc work across numeric types.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';

describeWithDrivers('number types', (context) => {
  const values = () => context().db.collection('values');
  const typeOf = (value: unknown) => (value as { _bsontype?: string })._bsontype ?? typeof value;

  beforeEach(async () => {
    const { Long, Double } = context().bson;
    await values().deleteMany({});
    await values().insertOne({
      _id: 1 as never,
      int: 5,
      double: new Double(5),
      fraction: 5.5,
      long: Long.fromNumber(5),
      big: Long.fromString('9007199254740993'),
      negativeZero: -0,
    });
  });

  it('when read without promotion, then each value has the BSON type it was written with', async () => {
    const doc = (await values().findOne({ _id: 1 as never }, { promoteValues: false }))!;
    expect([doc.int, doc.double, doc.fraction, doc.long, doc.big, doc.negativeZero].map(typeOf)).to.deep.equal([
      'Int32',
      'Double',
      'Double',
      'Long',
      'Long',
      'Double',
    ]);
    expect(doc.big.toString()).to.equal('9007199254740993');
  });

  it('when read with the default options, promoteLongs: false or useBigInt64, then the driver converts as with mongod', async () => {
    const promoted = (await values().findOne({ _id: 1 as never }))!;
    expect(promoted).to.include({ int: 5, double: 5, fraction: 5.5, long: 5 });
    expect(typeOf(promoted.big)).to.equal('Long');
    const longs = (await values().findOne({ _id: 1 as never }, { promoteLongs: false }))!;
    expect(typeOf(longs.long)).to.equal('Long');
    expect(longs.int).to.equal(5);
    const bigints = (await values().findOne({ _id: 1 as never }, { useBigInt64: true }))!;
    expect(bigints.long).to.equal(5n);
    expect(bigints.big).to.equal(9007199254740993n);
  });

  it('when queried with a number of another type, then int32, double and int64 compare by value', async () => {
    const { Long, Double } = context().bson;
    expect(await values().countDocuments({ double: 5, long: new Double(5), int: Long.fromNumber(5) })).to.equal(1);
    expect(
      await values().countDocuments({
        long: { $gt: 4.5, $lt: new Double(6) },
        fraction: { $in: [Long.fromNumber(1), 5.5] },
      }),
    ).to.equal(1);
    expect(
      await values().countDocuments({ $or: [{ double: { $mod: [2, 1] } }, { long: { $type: 'long' } }] }),
    ).to.equal(1);
  });

  it('when a filter asks for a $type, then 5.0 is a double, 5 an int and an int64 a long', async () => {
    expect(
      await values().countDocuments({
        double: { $type: 'double' },
        int: { $type: 'int' },
        long: { $type: 'long' },
        fraction: { $type: 1 },
        big: { $type: 18 },
      }),
    ).to.equal(1);
    expect(await values().countDocuments({ double: { $type: 'int' } })).to.equal(0);
    expect(await values().countDocuments({ long: { $type: ['int', 'double'] } })).to.equal(0);
    expect(await values().countDocuments({ long: { $type: 'number' }, double: { $type: 'number' } })).to.equal(1);
  });

  it('when numbers of several types are sorted, then they interleave by value', async () => {
    const { Long, Double } = context().bson;
    const mixed = context().db.collection('mixed');
    await mixed.insertMany([
      { k: 'long3', v: Long.fromNumber(3) },
      { k: 'double2', v: new Double(2) },
      { k: 'int1', v: 1 },
      { k: 'double2.5', v: 2.5 },
    ]);
    const docs = await mixed.find({}, { sort: { v: 1 }, promoteValues: false }).toArray();
    expect(docs.map((d) => d.k)).to.deep.equal(['int1', 'double2', 'double2.5', 'long3']);
    expect(docs.map((d) => typeOf(d.v))).to.deep.equal(['Int32', 'Double', 'Double', 'Long']);
  });

  it('when $inc adds to an int32, a double or an int64, then the result keeps the widest type and an int32 overflow becomes an int64', async () => {
    await values().updateOne({ _id: 1 as never }, { $set: { max: 2147483647 } });
    await values().updateOne(
      { _id: 1 as never },
      { $inc: { double: 1, long: 1, int: 1, max: 1, fresh: 2, half: 0.5 } },
    );
    const doc = (await values().findOne({ _id: 1 as never }, { promoteValues: false }))!;
    expect([doc.double, doc.long, doc.int, doc.max, doc.fresh, doc.half].map(typeOf)).to.deep.equal([
      'Double',
      'Long',
      'Int32',
      'Long',
      'Int32',
      'Double',
    ]);
    expect([doc.double, doc.long, doc.int, doc.max].map(String)).to.deep.equal(['6', '6', '6', '2147483648']);
    await values().updateOne({ _id: 1 as never }, { $inc: { half: 0.5 } });
    expect(typeOf((await values().findOne({ _id: 1 as never }, { promoteValues: false }))!.half)).to.equal('Double');
  });

  it('when $mul, $min and $max meet a double or an int64, then they compare by value and keep the types', async () => {
    const { Long } = context().bson;
    await values().updateOne(
      { _id: 1 as never },
      { $mul: { double: 2, long: Long.fromNumber(3) }, $max: { int: 9, fraction: 1 }, $min: { big: 7 } },
    );
    const doc = (await values().findOne({ _id: 1 as never }, { promoteValues: false }))!;
    expect([doc.double, doc.long, doc.int, doc.fraction, doc.big].map(typeOf)).to.deep.equal([
      'Double',
      'Long',
      'Int32',
      'Double',
      'Int32',
    ]);
    expect([doc.double, doc.long, doc.int, doc.fraction, doc.big].map(Number)).to.deep.equal([10, 15, 9, 5.5, 7]);
  });

  it('when a pipeline update or a $slice projection leaves a double or an int64 alone, then it keeps its type', async () => {
    await values().updateOne({ _id: 1 as never }, [{ $set: { added: { $add: ['$int', 1] } } }]);
    const doc = (await values().findOne({ _id: 1 as never }, { promoteValues: false }))!;
    expect([doc.double, doc.long, doc.big, doc.added].map(typeOf)).to.deep.equal(['Double', 'Long', 'Long', 'Int32']);
    await values().updateOne({ _id: 1 as never }, { $set: { list: [1, 2, 3] } });
    const sliced = (await values().findOne(
      { _id: 1 as never },
      { projection: { list: { $slice: 1 }, long: 1, double: 1 }, promoteValues: false },
    ))!;
    expect([sliced.long, sliced.double].map(typeOf)).to.deep.equal(['Long', 'Double']);
  });

  it('when $pull takes a regex and $push an int64, then strings are pulled by pattern and the int64 is stored as one', async () => {
    const { Long, BSONRegExp } = context().bson;
    await values().updateOne({ _id: 1 as never }, { $set: { tags: ['apple', 'banana', 'cherry'], nums: [1, 2] } });
    await values().updateOne(
      { _id: 1 as never },
      { $pull: { tags: new BSONRegExp('^B', 'i'), nums: Long.fromNumber(2) } as never },
    );
    await values().updateOne({ _id: 1 as never }, { $push: { nums: Long.fromNumber(9) } as never });
    const doc = (await values().findOne({ _id: 1 as never }, { promoteValues: false }))!;
    expect(doc.tags).to.deep.equal(['apple', 'cherry']);
    expect(doc.nums.map(typeOf)).to.deep.equal(['Int32', 'Long']);
  });

  it('when an aggregation filters, sorts and reshapes documents, then the fields it passes on keep their types', async () => {
    const [doc] = await values()
      .aggregate([{ $match: { int: { $gte: 1 } } }, { $set: { extra: 1 } }, { $project: { negativeZero: 0 } }], {
        promoteValues: false,
      })
      .toArray();
    expect([doc.double, doc.long, doc.big, doc.fraction, doc.extra].map(typeOf)).to.deep.equal([
      'Double',
      'Long',
      'Long',
      'Double',
      'Int32',
    ]);
  });

  it('when int64 _ids differ only beyond 2^53, then they are two documents found each by its own _id', async () => {
    const { Long } = context().bson;
    const ids = [Long.fromString('9007199254740992'), Long.fromString('9007199254740993')];
    await values().insertMany(ids.map((_id) => ({ _id: _id as never })));
    const found = await values().findOne({ _id: ids[1] as never }, { promoteLongs: false });
    expect(String(found!._id)).to.equal('9007199254740993');
  });

  it('when a regular expression is stored, then it keeps its flags and an identical regex finds it; strings match by pattern', async () => {
    const { BSONRegExp } = context().bson;
    const patterns = context().db.collection('patterns');
    await patterns.insertMany([
      { k: 'regex', r: new BSONRegExp('a b', 'imx') },
      { k: 'string', r: 'xxABxx' },
    ]);
    const stored = (await patterns.findOne({ k: 'regex' }, { bsonRegExp: true }))!;
    expect(stored.r).to.include({ pattern: 'a b', options: 'imx' });
    const identical = await patterns.find({ r: new BSONRegExp('a b', 'imx') }).toArray();
    expect(identical.map((d) => d.k).sort()).to.deep.equal(['regex', 'string']);
    expect(await patterns.countDocuments({ r: new BSONRegExp('a b', 'i') })).to.equal(0);
  });
});
