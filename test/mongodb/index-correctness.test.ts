// Queries answered through an index return exactly what a collection scan returns.
import { expect } from 'chai';
import type { Document } from 'mongodb';
import { describeWithDrivers } from './support/target.js';

const FILTERS: Document[] = [
  { v: 5 },
  { v: null },
  { v: { $in: [1, 'x', 7] } },
  { v: { $gt: 5 } },
  { v: { $gte: 'b', $lt: 'z' } },
  { v: { $lte: new Date('2026-01-02') } },
  { g: 'a', v: { $gt: 2, $lte: 8 } },
  { g: { $in: ['a', 'b'] }, v: 4 },
  { $and: [{ g: 'a' }, { v: { $lt: 6 } }] },
  { g: 'c' },
  { tags: 't1' },
  { tags: { $in: ['t0', 't2'] } },
  { tags: { $gt: 't0', $lt: 't2' } },
  { 'sub.k': 3 },
];

describeWithDrivers('index correctness', (context) => {
  const plain = () => context().db.collection('plain');
  const indexed = () => context().db.collection('indexed');

  before(async () => {
    const docs: Document[] = [];
    for (let i = 0; i < 300; i++) {
      const variants = [
        i % 10,
        `${'abcxyz'[i % 6]}`,
        null,
        undefined,
        new Date(Date.UTC(2026, 0, 1 + (i % 4))),
        [i % 10, 20],
      ];
      const doc: Document = {
        _id: i,
        g: ['a', 'b', 'c'][i % 3],
        tags: [`t${i % 3}`, `t${(i + 1) % 4}`],
        sub: { k: i % 5 },
      };
      const v = variants[i % variants.length];
      if (v !== undefined) doc.v = v;
      docs.push(doc);
    }
    await plain().insertMany(docs);
    await indexed().insertMany(docs);
    await indexed().createIndexes([
      { key: { v: 1 } },
      { key: { g: 1, v: -1 } },
      { key: { tags: 1 } },
      { key: { 'sub.k': 1 } },
    ]);
  });

  for (const filter of FILTERS) {
    it(`when filtering by ${JSON.stringify(filter)}, then the indexed collection returns what a scan returns`, async () => {
      const expected = await plain().find(filter).sort({ _id: 1 }).toArray();
      const actual = await indexed().find(filter).sort({ _id: 1 }).toArray();
      expect(actual.map((d) => d._id)).to.deep.equal(expected.map((d) => d._id));
      expect(expected.length).to.be.greaterThan(0);
    });
  }
});

describeWithDrivers('index correctness after updates', (context) => {
  type Row = { _id: number } & Document;
  const plain = () => context().db.collection<Row>('plainUpdated');
  const indexed = () => context().db.collection<Row>('indexedUpdated');
  const both = () => [plain(), indexed()];

  before(async () => {
    const docs: Row[] = [];
    for (let i = 0; i < 200; i++) {
      docs.push({ _id: i, u: `u${i}`, g: ['a', 'b', 'c'][i % 3], v: i % 10, tags: [`t${i % 3}`], note: 'x' });
    }
    for (const collection of both()) await collection.insertMany(docs);
    await indexed().createIndexes([{ key: { u: 1 }, unique: true }, { key: { g: 1, v: -1 } }, { key: { tags: 1 } }]);
    for (const collection of both()) {
      // Some updates change no index key, some one index's keys, some several.
      await collection.updateMany({ v: { $lt: 5 } }, { $set: { note: 'y' } });
      await collection.updateMany({ g: 'a' }, { $inc: { v: 100 } });
      await collection.updateMany({ v: 3 }, { $set: { g: 'c', tags: ['t9', 't1'] } });
      await collection.updateOne({ _id: 7 }, { $set: { u: 'moved' } });
      await collection.replaceOne({ _id: 8 }, { u: 'u8', g: 'b', v: 8, tags: ['t1'] });
    }
  });

  for (const filter of [
    { g: 'a', v: { $gte: 100 } },
    { g: 'c' },
    { g: 'b', v: 8 },
    { tags: 't9' },
    { tags: 't1' },
    { u: 'moved' },
    { u: 'u7' },
    { u: 'u8' },
  ]) {
    it(`when filtering by ${JSON.stringify(filter)} after updates, then the indexed collection returns what a scan returns`, async () => {
      const expected = await plain().find(filter).sort({ _id: 1 }).toArray();
      const actual = await indexed().find(filter).sort({ _id: 1 }).toArray();
      expect(actual).to.deep.equal(expected);
    });
  }

  it('when an update leaves a unique key alone and another takes it, then the unique index still refuses the duplicate', async () => {
    await indexed().updateOne({ _id: 20 }, { $set: { note: 'z', v: 42 } });
    const error = await indexed()
      .updateOne({ _id: 21 }, { $set: { u: 'u20' } })
      .catch((e: { code: number }) => e);
    expect((error as { code: number }).code).to.equal(11000);
    expect(await indexed().findOne({ _id: 21 })).to.include({ u: 'u21' });
    expect(await indexed().find({ u: 'u20' }).toArray()).to.have.length(1);
  });

  it('when updates set values equal to the stored ones, then they match but modify nothing', async () => {
    const result = await indexed().updateOne({ _id: 30 }, { $set: { g: 'a', tags: ['t0'], note: 'x' } });
    expect(result.matchedCount).to.equal(1);
    const again = await indexed().updateOne({ _id: 30 }, { $set: { g: 'a', tags: ['t0'], note: 'x' } });
    expect(again.modifiedCount).to.equal(0);
    const changed = await indexed().updateOne({ _id: 30 }, { $set: { tags: ['t0', 't0'] } });
    expect(changed.modifiedCount).to.equal(1);
  });
});
