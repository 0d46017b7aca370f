// bulkWrite, ordered and unordered, with write errors reported per operation.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';
import { failure } from './support/failure.js';

describeWithDrivers('bulkWrite', (context) => {
  const seats = () => context().db.collection('seats');

  beforeEach(async () => {
    await seats().deleteMany({});
  });

  it('when a mixed bulk succeeds, then every count in the result is right', async () => {
    await seats().insertOne({ _id: 'x' as never, held: false });
    const result = await seats().bulkWrite([
      { insertOne: { document: { _id: 'a' as never, held: false } } },
      { updateOne: { filter: { _id: 'x' as never }, update: { $set: { held: true } } } },
      { updateMany: { filter: { held: false }, update: { $set: { row: 1 } } } },
      { replaceOne: { filter: { _id: 'b' as never }, replacement: { held: true }, upsert: true } },
      { deleteOne: { filter: { _id: 'a' as never } } },
    ]);
    expect(result.insertedCount).to.equal(1);
    expect(result.matchedCount).to.equal(2);
    expect(result.modifiedCount).to.equal(2);
    expect(result.upsertedCount).to.equal(1);
    expect(result.upsertedIds).to.deep.equal({ 3: 'b' });
    expect(result.deletedCount).to.equal(1);
    expect(
      await seats()
        .find({}, { sort: { _id: 1 } })
        .toArray(),
    ).to.deep.equal([
      { _id: 'b', held: true },
      { _id: 'x', held: true },
    ]);
  });

  it('when an ordered bulk hits a duplicate, then it stops there and reports the failing index', async () => {
    const error = await failure(
      seats().bulkWrite([
        { insertOne: { document: { _id: 1 as never } } },
        { insertOne: { document: { _id: 1 as never } } },
        { insertOne: { document: { _id: 2 as never } } },
      ]),
    );
    expect(error.code).to.equal(11000);
    expect(error.writeErrors!.map((e) => e.index)).to.deep.equal([1]);
    expect(await seats().countDocuments()).to.equal(1);
  });

  it('when an unordered bulk hits duplicates, then the other writes still happen', async () => {
    const error = await failure(
      seats().bulkWrite(
        [
          { insertOne: { document: { _id: 1 as never } } },
          { insertOne: { document: { _id: 1 as never } } },
          { insertOne: { document: { _id: 2 as never } } },
          { insertOne: { document: { _id: 2 as never } } },
          { insertOne: { document: { _id: 3 as never } } },
        ],
        { ordered: false },
      ),
    );
    expect(error.writeErrors!.map((e) => e.index)).to.deep.equal([1, 3]);
    expect(await seats().countDocuments()).to.equal(3);
  });

  it('when insertMany is unordered, then duplicates fail alone', async () => {
    await seats().insertOne({ _id: 'dup' as never });
    const error = await failure(
      seats().insertMany([{ _id: 'dup' as never }, { _id: 'fresh' as never }], { ordered: false }),
    );
    expect(error.code).to.equal(11000);
    expect(await seats().countDocuments()).to.equal(2);
  });
});
