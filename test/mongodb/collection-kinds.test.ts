// Views, time-series and clustered collections: mongod makes them; the embedded server refuses them
// with 115 rather than making a plain collection that would answer queries wrongly.
import { expect } from 'chai';
import { describeWithDrivers } from './support/target.js';

/** Either the collection was created (then `check` must hold, as on mongod) or creation failed with 115. */
async function createdOrRefused(create: () => Promise<unknown>, check: () => Promise<void>): Promise<void> {
  let refused: { code?: number } | undefined;
  await create().catch((error: { code?: number }) => (refused = error));
  if (refused) expect(refused.code).to.equal(115);
  else await check();
}

describeWithDrivers('collection kinds', (context) => {
  const db = () => context().db;

  before(async () => {
    await db()
      .collection('source')
      .insertMany([
        { k: 1, keep: true },
        { k: 2, keep: false },
      ]);
  });

  it('when a view is created, then it answers with its pipeline applied, never as an empty collection', async () => {
    await createdOrRefused(
      () => db().createCollection('kept', { viewOn: 'source', pipeline: [{ $match: { keep: true } }] }),
      async () => {
        const docs = await db()
          .collection('kept')
          .find({}, { projection: { _id: 0 } })
          .toArray();
        expect(docs).to.deep.equal([{ k: 1, keep: true }]);
      },
    );
    const listed = await db().listCollections({ name: 'kept' }).toArray();
    for (const entry of listed) expect(entry.type).to.equal('view');
  });

  it('when a time-series collection is created, then it is listed as one', async () => {
    await createdOrRefused(
      () => db().createCollection('readings', { timeseries: { timeField: 'at' } }),
      async () => {
        const [entry] = await db().listCollections({ name: 'readings' }).toArray();
        expect(entry.type).to.equal('timeseries');
      },
    );
  });

  it('when a clustered collection is created, then its clustered index is in its options', async () => {
    await createdOrRefused(
      () => db().createCollection('clustered', { clusteredIndex: { key: { _id: 1 }, unique: true } }),
      async () => {
        const [entry] = await db().listCollections({ name: 'clustered' }).toArray();
        expect((entry as unknown as { options: { clusteredIndex: unknown } }).options.clusteredIndex).to.deep.include({
          key: { _id: 1 },
          unique: true,
        });
      },
    );
  });

  it('when a plain collection is created with no options, then it exists and is empty', async () => {
    await db().createCollection('plain');
    const [entry] = await db().listCollections({ name: 'plain' }).toArray();
    expect(entry.type).to.equal('collection');
  });
});
