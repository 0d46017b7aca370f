// Counting, distinct values and aggregation pipelines.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';
import { failure } from './support/failure.js';

describeWithDrivers('counting and aggregation', (context) => {
  const sales = () => context().db.collection('sales');

  before(async () => {
    await sales().insertMany([
      { concert: 'rock', seats: 2, price: 500, tags: ['a', 'b'] },
      { concert: 'rock', seats: 1, price: 300, tags: ['b'] },
      { concert: 'jazz', seats: 4, price: 300, tags: [] },
      { concert: 'jazz', seats: 3, price: 500 },
      { concert: 'folk', seats: 1, price: 100, tags: ['c'] },
    ]);
  });

  it('when countDocuments and estimatedDocumentCount run, then they count matches and the whole collection', async () => {
    expect(await sales().countDocuments({ price: { $gte: 300 } })).to.equal(4);
    expect(await sales().countDocuments({}, { skip: 1, limit: 2 })).to.equal(2);
    expect(await sales().estimatedDocumentCount()).to.equal(5);
    expect(await context().db.collection('absent').estimatedDocumentCount()).to.equal(0);
  });

  it('when distinct runs, then each value appears once, array elements counted individually', async () => {
    expect((await sales().distinct('concert')).sort()).to.deep.equal(['folk', 'jazz', 'rock']);
    expect((await sales().distinct('tags', { concert: 'rock' })).sort()).to.deep.equal(['a', 'b']);
  });

  it('when a pipeline matches, groups, sorts, limits and projects, then the totals are right', async () => {
    const result = await sales()
      .aggregate([
        { $match: { seats: { $gte: 1 } } },
        {
          $group: {
            _id: '$concert',
            seats: { $sum: '$seats' },
            revenue: { $sum: { $multiply: ['$seats', '$price'] } },
          },
        },
        { $sort: { revenue: -1 } },
        { $limit: 2 },
        { $project: { _id: 0, concert: '$_id', seats: 1, revenue: 1 } },
      ])
      .toArray();
    expect(result).to.deep.equal([
      { seats: 7, revenue: 2700, concert: 'jazz' },
      { seats: 3, revenue: 1300, concert: 'rock' },
    ]);
  });

  it('when a pipeline ends with $count, then one document carries the count', async () => {
    expect(
      await sales()
        .aggregate([{ $match: { price: 500 } }, { $count: 'n' }])
        .toArray(),
    ).to.deep.equal([{ n: 2 }]);
  });

  it('when a pipeline uses stages beyond the basic ones ($unwind, $addFields, $lookup), then they run too', async () => {
    await context()
      .db.collection('concerts')
      .insertMany([{ _id: 'rock' as never, name: 'Rock Night' }]);
    const result = await sales()
      .aggregate([
        { $match: { concert: 'rock' } },
        { $unwind: '$tags' },
        { $addFields: { double: { $multiply: ['$seats', 2] } } },
        { $lookup: { from: 'concerts', localField: 'concert', foreignField: '_id', as: 'info' } },
        { $project: { _id: 0, tags: 1, double: 1, name: { $first: '$info.name' } } },
        { $sort: { tags: 1, double: 1 } },
      ])
      .toArray();
    expect(result).to.deep.equal([
      { tags: 'a', double: 4, name: 'Rock Night' },
      { tags: 'b', double: 2, name: 'Rock Night' },
      { tags: 'b', double: 4, name: 'Rock Night' },
    ]);
  });

  it('when a database-level aggregate starts with $documents, then its documents flow through the pipeline', async () => {
    const docs = await context()
      .db.aggregate([{ $documents: [{ n: 1 }, { n: 2 }, { n: 3 }] }, { $match: { n: { $gte: 2 } } }])
      .toArray();
    expect(docs).to.deep.equal([{ n: 2 }, { n: 3 }]);
  });

  it('when a database-level aggregate starts with a stage that needs a collection, then it fails with 73', async () => {
    const error = await failure(
      context()
        .db.aggregate([{ $match: {} }])
        .toArray(),
    );
    expect(error.code).to.equal(73);
  });

  it('when an aggregation returns more than one batch, then the cursor pages through getMore', async () => {
    const many = context().db.collection('many');
    await many.insertMany(Array.from({ length: 120 }, (_, i) => ({ i })));
    const all = await many.aggregate([{ $sort: { i: -1 } }], { batchSize: 50 }).toArray();
    expect(all).to.have.length(120);
    expect(all[0].i).to.equal(119);
  });

  it('when an aggregation ends with $addFields, then the stored documents are left untouched', async () => {
    await sales()
      .aggregate([{ $match: { concert: 'folk' } }, { $addFields: { seats: 99 } }])
      .toArray();
    expect((await sales().findOne({ concert: 'folk' }))!.seats).to.equal(1);
  });
});
