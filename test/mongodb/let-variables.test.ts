// `let` variables: `$$name` in find, aggregate, update, delete, findAndModify and bulkWrite.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';

describeWithDrivers('let variables', (context) => {
  const seats = () => context().db.collection('seats');
  const byId = { $expr: { $eq: ['$_id', '$$id'] } };

  beforeEach(async () => {
    await seats().deleteMany({});
    await seats().insertMany([
      { _id: 1 as never, price: 10 },
      { _id: 2 as never, price: 20 },
      { _id: 3 as never, price: 30 },
    ]);
  });

  it('when find uses $$id from let, then exactly that document matches', async () => {
    expect(
      await seats()
        .find(byId, { let: { id: 2 } })
        .toArray(),
    ).to.deep.equal([{ _id: 2, price: 20 }]);
  });

  it('when a let value is an int64 or an ObjectId, then $expr compares it by value with the stored field', async () => {
    const { Long, ObjectId } = context().bson;
    const owner = new ObjectId();
    await seats().updateOne({ _id: 1 as never }, { $set: { owner } });
    const docs = await seats()
      .find(
        { $expr: { $and: [{ $eq: ['$price', '$$price'] }, { $eq: ['$owner', '$$owner'] }] } },
        { let: { price: Long.fromNumber(10), owner } },
      )
      .toArray();
    expect(docs.map((d) => d._id)).to.deep.equal([1]);
  });

  it('when a let value is an expression, then it is evaluated once before the query', async () => {
    const docs = await seats()
      .find({ $expr: { $gt: ['$price', '$$floor'] } }, { let: { floor: { $add: [5, 10] } } })
      .toArray();
    expect(docs.map((d) => d._id)).to.deep.equal([2, 3]);
  });

  it('when an aggregation uses let in $match and later stages, then both see the variables', async () => {
    const docs = await seats()
      .aggregate(
        [
          { $match: { $expr: { $gte: ['$price', '$$min'] } } },
          { $project: { _id: 1, discounted: { $subtract: ['$price', '$$discount'] } } },
        ],
        { let: { min: 20, discount: 5 } },
      )
      .toArray();
    expect(docs).to.deep.equal([
      { _id: 2, discounted: 15 },
      { _id: 3, discounted: 25 },
    ]);
  });

  it('when updateOne filters and sets through let in a pipeline, then the variables apply to both', async () => {
    const result = await seats().updateOne(byId, [{ $set: { price: '$$price', held: true } }], {
      let: { id: 3, price: 33 },
    });
    expect(result.modifiedCount).to.equal(1);
    expect(await seats().findOne({ _id: 3 as never })).to.deep.equal({ _id: 3, price: 33, held: true });
  });

  it('when deleteMany and findOneAndUpdate use let, then they pick the documents it names', async () => {
    expect(
      (await seats().deleteMany({ $expr: { $lt: ['$price', '$$limit'] } }, { let: { limit: 15 } })).deletedCount,
    ).to.equal(1);
    const before = await seats().findOneAndUpdate(byId, [{ $set: { price: { $add: ['$price', '$$rise'] } } }], {
      let: { id: 2, rise: 1 },
    });
    expect(before).to.deep.equal({ _id: 2, price: 20 });
    expect(await seats().findOne({ _id: 2 as never })).to.deep.equal({ _id: 2, price: 21 });
  });

  it('when a bulkWrite carries let, then its updates and deletes see the variables', async () => {
    const result = await seats().bulkWrite(
      [
        { updateOne: { filter: byId, update: [{ $set: { price: '$$price' } }] } },
        { deleteOne: { filter: { $expr: { $eq: ['$_id', '$$gone'] } } } },
      ],
      { let: { id: 1, price: 11, gone: 3 } },
    );
    expect(result.modifiedCount).to.equal(1);
    expect(result.deletedCount).to.equal(1);
    expect(await seats().find({}).toArray()).to.deep.equal([
      { _id: 1, price: 11 },
      { _id: 2, price: 20 },
    ]);
  });
});
