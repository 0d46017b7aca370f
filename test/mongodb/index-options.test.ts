// Index definitions mongod refuses (partial filters with negations) and hidden indexes.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';
import { failure } from './support/failure.js';

describeWithDrivers('index options', (context) => {
  const items = () => context().db.collection('items');

  before(async () => {
    await items().insertMany(Array.from({ length: 20 }, (_, i) => ({ _id: i as never, h: i, code: `c${i}` })));
  });

  it("when a partial filter uses $exists: false or $ne, then the index is refused with 67 and mongod's message", async () => {
    const exists = await failure(items().createIndex({ a: 1 }, { partialFilterExpression: { a: { $exists: false } } }));
    expect(exists.code).to.equal(67);
    expect(exists.message).to.include('Expression not supported in partial index: $not');
    const ne = await failure(items().createIndex({ b: 1 }, { partialFilterExpression: { b: { $ne: 1 } } }));
    expect(ne.code).to.equal(67);
    expect(ne.message).to.include('Expression not supported in partial index: $not');
    const names = (await items().listIndexes().toArray()).map((i) => i.name);
    expect(names).to.not.include.members(['a_1', 'b_1']);
  });

  it('when a partial filter uses equalities, $exists: true, ranges, $type, $in and $or, then the index is built', async () => {
    const partialFilterExpression = {
      h: { $gte: 5, $exists: true },
      code: { $type: 'string' },
      $or: [{ h: { $in: [5, 6] } }, { h: { $lt: 3 } }],
    };
    expect(await items().createIndex({ code: 1 }, { name: 'partial_code', partialFilterExpression })).to.equal(
      'partial_code',
    );
  });

  it('when a partial filter is combined with sparse, then the index is refused with 67', async () => {
    const error = await failure(
      items().createIndex({ c: 1 }, { sparse: true, partialFilterExpression: { c: { $gt: 1 } } }),
    );
    expect(error.code).to.equal(67);
  });

  it('when an index is hidden, then listIndexes shows hidden: true, queries do not use it and hinting it fails', async () => {
    await items().createIndex({ h: 1 }, { hidden: true, unique: true });
    const listed = (await items().listIndexes().toArray()).find((i) => i.name === 'h_1');
    expect(listed).to.deep.include({ key: { h: 1 }, hidden: true, unique: true });
    const explained = await items().find({ h: 7 }).explain('queryPlanner');
    expect(JSON.stringify(explained.queryPlanner.winningPlan)).to.not.include('h_1');
    const hinted = await failure(items().find({ h: 7 }).hint('h_1').toArray());
    expect(hinted.code).to.equal(2);
    expect(hinted.message).to.include('hint provided does not correspond to an existing index');
  });

  it('when a hidden unique index holds a key, then a duplicate is still refused (hidden indexes are maintained)', async () => {
    const error = await failure(items().insertOne({ h: 3 }));
    expect(error.code).to.equal(11000);
  });

  it('when a hint names no index, then the query fails with 2; an existing index or $natural is accepted', async () => {
    const error = await failure(items().find({ h: 1 }).hint({ nothing: 1 }).toArray());
    expect(error.code).to.equal(2);
    expect(await items().find({ h: 1 }).hint({ _id: 1 }).toArray()).to.have.length(1);
    expect(await items().countDocuments({ h: 1 }, { hint: { $natural: 1 } })).to.equal(1);
  });
});
