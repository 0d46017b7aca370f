// Upserts (seed from the filter, $setOnInsert) and the update errors mongod raises where mingo would not.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';
import { failure } from './support/failure.js';

describeWithDrivers('upserts and update errors', (context) => {
  const views = () => context().db.collection('views');

  beforeEach(async () => {
    await views().deleteMany({});
  });

  it("when an upsert matches nothing, then the new document holds the filter's equalities, $set and $setOnInsert", async () => {
    const result = await views().updateOne(
      { clientId: 'c1', 'booking.id': 'b1', status: { $eq: 'Placed' }, revision: { $lt: 3 } },
      { $set: { revision: 3 }, $setOnInsert: { createdAt: 'now' } },
      { upsert: true },
    );
    expect(result.upsertedCount).to.equal(1);
    expect(result.matchedCount).to.equal(0);
    const doc = await views().findOne({ _id: result.upsertedId! });
    const { _id, ...rest } = doc!;
    expect(rest).to.deep.equal({
      clientId: 'c1',
      booking: { id: 'b1' },
      status: 'Placed',
      revision: 3,
      createdAt: 'now',
    });
    expect(Object.keys(doc!)[0]).to.equal('_id');
  });

  it('when an upsert matches an existing document, then $setOnInsert is ignored', async () => {
    await views().insertOne({ _id: 'v1' as never, revision: 1 });
    const result = await views().updateOne(
      { _id: 'v1' as never },
      { $set: { revision: 2 }, $setOnInsert: { createdAt: 'now' } },
      { upsert: true },
    );
    expect(result.upsertedCount).to.equal(0);
    expect(result.modifiedCount).to.equal(1);
    expect(await views().findOne({ _id: 'v1' as never })).to.deep.equal({ _id: 'v1', revision: 2 });
  });

  it('when an upsert filters by _id, then the new document takes that _id and the reply names it', async () => {
    const result = await views().updateOne({ _id: 'by-id' as never }, { $inc: { count: 1 } }, { upsert: true });
    expect(result.upsertedId).to.equal('by-id');
    await views().updateOne({ _id: 'by-id' as never }, { $inc: { count: 1 } }, { upsert: true });
    expect(await views().findOne({ _id: 'by-id' as never })).to.deep.equal({ _id: 'by-id', count: 2 });
  });

  it('when replaceOne upserts, then the replacement is stored with the filter _id', async () => {
    const result = await views().replaceOne({ _id: 'rep' as never }, { name: 'x' }, { upsert: true });
    expect(result.upsertedId).to.equal('rep');
    expect(await views().findOne({ _id: 'rep' as never })).to.deep.equal({ _id: 'rep', name: 'x' });
  });

  it('when $inc targets a string, then the write fails with 14 TypeMismatch', async () => {
    await views().insertOne({ _id: 's' as never, count: 'three' });
    const error = await failure(views().updateOne({ _id: 's' as never }, { $inc: { count: 1 } }));
    expect(error.code).to.equal(14);
    expect(error.message).to.contain('Cannot apply $inc to a value of non-numeric type');
    expect(await views().findOne({ _id: 's' as never })).to.deep.equal({ _id: 's', count: 'three' });
  });

  it('when $push targets a non-array, then the write fails with 2 BadValue', async () => {
    await views().insertOne({ _id: 'a' as never, tags: 'one' });
    const error = await failure(views().updateOne({ _id: 'a' as never }, { $push: { tags: 'two' } as never }));
    expect(error.code).to.equal(2);
    expect(error.message).to.contain("The field 'tags' must be an array");
  });

  it('when two operators touch the same path, then the write fails with 40 ConflictingUpdateOperators', async () => {
    await views().insertOne({ _id: 'c' as never, n: 1 });
    const error = await failure(views().updateOne({ _id: 'c' as never }, { $set: { n: 2 }, $inc: { n: 1 } }));
    expect(error.code).to.equal(40);
  });

  it('when an update would change the _id, then it fails with 66 ImmutableField', async () => {
    await views().insertOne({ _id: 'i' as never, n: 1 });
    const error = await failure(views().updateOne({ _id: 'i' as never }, { $set: { _id: 'j' } }));
    expect(error.code).to.equal(66);
  });

  it('when an update names an unknown operator, then it fails with 9 FailedToParse', async () => {
    await views().insertOne({ _id: 'u' as never });
    const error = await failure(views().updateOne({ _id: 'u' as never }, { $frobnicate: { n: 1 } } as never));
    expect(error.code).to.equal(9);
  });

  it('when $inc is given a non-numeric argument, then it fails with 14 TypeMismatch', async () => {
    await views().insertOne({ _id: 'n' as never, count: 1 });
    const error = await failure(views().updateOne({ _id: 'n' as never }, { $inc: { count: 'x' as never } }));
    expect(error.code).to.equal(14);
  });
});
