// The direct matcher for scalar filters agrees with mingo on $in over values of every scalar type, and _id lists find each document once.
import { expect } from 'chai';
import { ObjectId } from 'bson';
import { Query } from 'mingo';
import { match } from '../../../embedded/mongodb/query/find.js';
import type { Doc } from '../../../embedded/mongodb/query/paths.js';
import { compileSimpleFilter } from '../../../embedded/mongodb/query/simple-filter.js';
import { Collection } from '../../../embedded/mongodb/storage/collection.js';

const oid = new ObjectId('64b7f0c2a1b2c3d4e5f60718');
const values: unknown[] = [
  'a',
  'b',
  '',
  '1',
  1,
  0,
  -0,
  1.5,
  true,
  false,
  null,
  undefined,
  new Date(0),
  new Date(1),
  oid,
  ['a', 2],
  [],
  { a: 1 },
  [['a']],
];
const lists: unknown[][] = [
  ['a'],
  ['a', 'b', 'c'],
  ['1', 1],
  [0],
  [true, 'true'],
  [new Date(0), '1970'],
  [oid, 'a'],
  Array.from({ length: 64 }, (_, i) => `id${i}`).concat(['b']),
  [],
];

describe('simple filter', () => {
  it('when $in lists strings and other scalars, then each value matches exactly as under mingo', () => {
    for (const list of lists) {
      const filter = { v: { $in: list } };
      const simple = compileSimpleFilter(filter);
      expect(simple, JSON.stringify(list)).to.be.a('function');
      for (const v of values) {
        const doc: Doc = v === undefined ? { _id: 1 } : { _id: 1, v };
        expect(simple!(doc), `${JSON.stringify(v)} in ${JSON.stringify(list)}`).to.equal(new Query(filter).test(doc));
      }
    }
  });

  it('when an _id $in repeats an id, then the document is found once', () => {
    const collection = new Collection('db', 'c');
    for (const _id of ['x', 'y', 'z']) collection.insert({ _id, n: 1 });
    const { records } = match(collection, { _id: { $in: ['y', 'x', 'y', 'missing', 'x'] } });
    expect(records.map(([, doc]) => doc._id)).to.deep.equal(['y', 'x']);
  });
});
