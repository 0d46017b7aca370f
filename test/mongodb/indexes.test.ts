// Index management, unique and partial indexes, and proof (through explain) that queries use them.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';
import { failure } from './support/failure.js';

/** The first stage named `stage` anywhere in an explain plan tree (mongod nests them). */
function findStage(plan: unknown, stage: string): Record<string, unknown> | undefined {
  if (typeof plan !== 'object' || plan === null) return undefined;
  const node = plan as Record<string, unknown>;
  if (node.stage === stage) return node;
  for (const value of Object.values(node)) {
    const found = Array.isArray(value) ? value.map((v) => findStage(v, stage)).find(Boolean) : findStage(value, stage);
    if (found) return found;
  }
  return undefined;
}

describeWithDrivers('indexes', (context) => {
  const view = () => context().db.collection('view');

  before(async () => {
    const statuses = ['AwaitingConfirmation', 'Confirmed', 'Settled', 'Expired'];
    await view().insertMany(
      Array.from({ length: 2000 }, (_, i) => ({
        bookingId: `b${i}`,
        clientId: `c${i % 100}`,
        placedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
        status: statuses[i % 4],
        expiresAt: new Date(Date.UTC(2026, 0, 1) + (i % 500) * 3_600_000),
      })),
    );
  });

  it('when indexes are created, then listIndexes shows them with their options and names', async () => {
    expect(await view().createIndex({ clientId: 1, placedAt: -1 })).to.equal('clientId_1_placedAt_-1');
    await view().createIndexes([
      { key: { status: 1, expiresAt: 1 } },
      { key: { bookingId: 1 }, unique: true, name: 'booking' },
    ]);
    const indexes = await view().listIndexes().toArray();
    expect(indexes.map((i) => i.name)).to.deep.equal([
      '_id_',
      'clientId_1_placedAt_-1',
      'status_1_expiresAt_1',
      'booking',
    ]);
    expect(indexes[3]).to.deep.include({ key: { bookingId: 1 }, unique: true });
  });

  it('when an equality query hits a compound index prefix, then only the matching documents are examined', async () => {
    const cursor = view().find({ clientId: 'c7' }).sort({ placedAt: -1 });
    const explained = await cursor.explain('executionStats');
    const scan = findStage(explained.queryPlanner.winningPlan, 'IXSCAN');
    expect(scan?.indexName).to.equal('clientId_1_placedAt_-1');
    expect(explained.executionStats.totalDocsExamined).to.equal(20);
    const docs = await view().find({ clientId: 'c7' }).sort({ placedAt: -1 }).toArray();
    expect(docs).to.have.length(20);
    expect(docs[0].bookingId).to.equal('b1907');
  });

  it('when a range query hits the second field after an equality, then the index bounds both', async () => {
    const filter = { status: 'Confirmed', expiresAt: { $lte: new Date(Date.UTC(2026, 0, 1) + 9 * 3_600_000) } };
    const explained = await view().find(filter).explain('executionStats');
    expect(findStage(explained.queryPlanner.winningPlan, 'IXSCAN')?.indexName).to.equal('status_1_expiresAt_1');
    const expected = await view().countDocuments(filter);
    expect(expected).to.equal(12);
    expect(explained.executionStats.totalDocsExamined).to.equal(expected);
  });

  it('when an unindexed query has a limit and no sort, then the scan stops once it has enough', async () => {
    const explained = await view()
      .find({ seats: { $exists: false } })
      .limit(2)
      .explain('executionStats');
    expect(findStage(explained.queryPlanner.winningPlan, 'COLLSCAN')).to.not.equal(undefined);
    expect(explained.executionStats.nReturned).to.equal(2);
    expect(explained.executionStats.totalDocsExamined).to.equal(2);
  });

  it('when a unique index meets a duplicate, then the write fails with 11000, the message, keyPattern and keyValue', async () => {
    const error = await failure(view().insertOne({ bookingId: 'b5' }));
    expect(error.code).to.equal(11000);
    expect(error.message).to.equal(
      `E11000 duplicate key error collection: ${context().db.databaseName}.view index: booking dup key: { bookingId: "b5" }`,
    );
    expect(error.keyPattern).to.deep.equal({ bookingId: 1 });
    expect(error.keyValue).to.deep.equal({ bookingId: 'b5' });
  });

  it('when an update would duplicate a unique key, then it fails and the document keeps its value', async () => {
    const error = await failure(view().updateOne({ bookingId: 'b6' }, { $set: { bookingId: 'b7' } }));
    expect(error.code).to.equal(11000);
    expect(await view().countDocuments({ bookingId: 'b6' })).to.equal(1);
  });

  it('when a unique index cannot be built over existing duplicates, then createIndex fails with 11000', async () => {
    const error = await failure(view().createIndex({ clientId: 1 }, { unique: true }));
    expect(error.code).to.equal(11000);
    expect((await view().listIndexes().toArray()).map((i) => i.name)).not.to.include('clientId_1');
  });

  it('when a unique index is partial, then only documents inside its filter must be unique', async () => {
    const holds = context().db.collection('holds');
    await holds.createIndex({ seat: 1 }, { unique: true, partialFilterExpression: { active: true } });
    await holds.insertMany([
      { seat: 'A1', active: false },
      { seat: 'A1', active: false },
      { seat: 'A1', active: true },
    ]);
    const error = await failure(holds.insertOne({ seat: 'A1', active: true }));
    expect(error.code).to.equal(11000);
    const [, spec] = await holds.listIndexes().toArray();
    expect(spec.partialFilterExpression).to.deep.equal({ active: true });
  });

  it('when a compound unique index sees the same pair, then it refuses; a different pair passes', async () => {
    const tickets = context().db.collection('tickets');
    await tickets.createIndex({ concert: 1, seat: 1 }, { unique: true });
    await tickets.insertMany([
      { concert: 'rock', seat: 1 },
      { concert: 'jazz', seat: 1 },
    ]);
    const error = await failure(tickets.insertOne({ concert: 'rock', seat: 1 }));
    expect(error.message).to.contain('dup key: { concert: "rock", seat: 1 }');
  });

  it('when indexes are dropped by name or all at once, then only _id_ remains and dropping a missing one fails with 27', async () => {
    const temp = context().db.collection('temp');
    await temp.createIndexes([{ key: { a: 1 } }, { key: { b: 1 } }]);
    await temp.dropIndex('a_1');
    expect((await temp.listIndexes().toArray()).map((i) => i.name)).to.deep.equal(['_id_', 'b_1']);
    await temp.dropIndexes();
    expect((await temp.listIndexes().toArray()).map((i) => i.name)).to.deep.equal(['_id_']);
    expect((await failure(temp.dropIndex('a_1'))).code).to.equal(27);
  });
});
