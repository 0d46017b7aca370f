// dbStats, collStats, the $collStats stage and validate report what the database holds.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';
import { failure } from './support/failure.js';

describeWithDrivers('statistics and validate', (context) => {
  const tickets = () => context().db.collection('tickets');

  before(async () => {
    await tickets().insertMany(Array.from({ length: 30 }, (_, i) => ({ seat: i, row: `r${i % 3}` })));
    await tickets().createIndex({ row: 1 });
    await context().db.collection('other').insertOne({ x: 1 });
  });

  it('when dbStats runs, then it counts the collections, documents and indexes of the database', async () => {
    const stats = await context().db.stats();
    expect(stats).to.include({ db: context().db.databaseName, collections: 2, objects: 31, indexes: 3 });
    expect(stats.dataSize).to.be.greaterThan(0);
    expect(stats.indexSize).to.be.greaterThan(0);
    expect(stats.totalSize).to.be.at.least(stats.dataSize);
  });

  it('when collStats runs, then it reports the count, sizes and every index', async () => {
    const stats = await context().db.command({ collStats: 'tickets' });
    expect(stats).to.include({ ns: `${context().db.databaseName}.tickets`, count: 30, nindexes: 2 });
    expect(stats.size).to.be.greaterThan(0);
    expect(Object.keys(stats.indexSizes)).to.have.members(['_id_', 'row_1']);
  });

  it('when $collStats asks for count and storageStats, then one document carries both', async () => {
    const [stats] = await tickets()
      .aggregate([{ $collStats: { count: {}, storageStats: {} } }])
      .toArray();
    expect(stats.ns).to.equal(`${context().db.databaseName}.tickets`);
    expect(stats.count).to.equal(30);
    expect(stats.storageStats).to.include({ count: 30, nindexes: 2 });
  });

  it('when validate runs, then the collection is valid and every index holds one key per document', async () => {
    const result = await context().db.command({ validate: 'tickets' });
    expect(result).to.include({ valid: true, nrecords: 30 });
    expect(result.keysPerIndex).to.deep.include({ _id_: 30, row_1: 30 });
    expect(result.errors).to.deep.equal([]);
  });

  it('when validate names a missing collection, then it fails with 26', async () => {
    expect((await failure(context().db.command({ validate: 'missing' }))).code).to.equal(26);
  });
});
