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
      const variants = [i % 10, `${'abcxyz'[i % 6]}`, null, undefined, new Date(Date.UTC(2026, 0, 1 + (i % 4))), [i % 10, 20]];
      const doc: Document = { _id: i, g: ['a', 'b', 'c'][i % 3], tags: [`t${i % 3}`, `t${(i + 1) % 4}`], sub: { k: i % 5 } };
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
