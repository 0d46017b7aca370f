// findOneAndUpdate / findOneAndReplace / findOneAndDelete over findAndModify.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';

describeWithDrivers('findAndModify', (context) => {
  const jobs = () => context().db.collection('jobs');

  beforeEach(async () => {
    await jobs().deleteMany({});
    await jobs().insertMany([
      { _id: 'j1' as never, priority: 2, state: 'ready' },
      { _id: 'j2' as never, priority: 5, state: 'ready' },
      { _id: 'j3' as never, priority: 9, state: 'done' },
    ]);
  });

  it('when findOneAndUpdate sorts, then it changes the first document in that order and returns it before or after', async () => {
    const before = await jobs().findOneAndUpdate(
      { state: 'ready' },
      { $set: { state: 'taken' } },
      { sort: { priority: -1 } },
    );
    expect(before).to.deep.equal({ _id: 'j2', priority: 5, state: 'ready' });
    const after = await jobs().findOneAndUpdate(
      { state: 'ready' },
      { $set: { state: 'taken' } },
      { returnDocument: 'after', projection: { state: 1 } },
    );
    expect(after).to.deep.equal({ _id: 'j1', state: 'taken' });
  });

  it('when findOneAndUpdate upserts, then the new document is returned with returnDocument after', async () => {
    const created = await jobs().findOneAndUpdate(
      { _id: 'j9' as never },
      { $setOnInsert: { state: 'new' }, $set: { priority: 1 } },
      { upsert: true, returnDocument: 'after' },
    );
    expect(created).to.deep.equal({ _id: 'j9', state: 'new', priority: 1 });
  });

  it('when includeResultMetadata is asked for, then lastErrorObject tells whether an existing document was updated', async () => {
    const result = await jobs().findOneAndUpdate(
      { _id: 'j1' as never },
      { $inc: { priority: 1 } },
      { includeResultMetadata: true },
    );
    expect(result.lastErrorObject).to.deep.include({ n: 1, updatedExisting: true });
    const missing = await jobs().findOneAndUpdate(
      { _id: 'nope' as never },
      { $inc: { priority: 1 } },
      { includeResultMetadata: true },
    );
    expect(missing.value).to.equal(null);
    expect(missing.lastErrorObject).to.deep.include({ n: 0, updatedExisting: false });
  });

  it('when findOneAndReplace runs, then the document is replaced and the original returned', async () => {
    const original = await jobs().findOneAndReplace({ _id: 'j3' as never }, { state: 'archived' });
    expect(original).to.deep.equal({ _id: 'j3', priority: 9, state: 'done' });
    expect(await jobs().findOne({ _id: 'j3' as never })).to.deep.equal({ _id: 'j3', state: 'archived' });
  });

  it('when findOneAndDelete runs, then the removed document is returned and gone', async () => {
    const removed = await jobs().findOneAndDelete({ state: 'ready' }, { sort: { priority: 1 } });
    expect(removed).to.deep.equal({ _id: 'j1', priority: 2, state: 'ready' });
    expect(await jobs().countDocuments()).to.equal(2);
    expect(await jobs().findOneAndDelete({ state: 'nothing' })).to.equal(null);
  });
});
