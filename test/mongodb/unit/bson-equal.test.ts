// The structural "same BSON bytes" check that decides whether an update modified a document.
import { expect } from 'chai';
import { Binary, BSON, Decimal128, Double, Int32, Long, ObjectId, Timestamp } from 'bson';
import { sameBson, sameBsonValue } from '../../../embedded/mongodb/query/bson-equal.js';
import type { Doc } from '../../../embedded/mongodb/query/paths.js';

const bytesEqual = (a: Doc, b: Doc): boolean => Buffer.from(BSON.serialize(a)).equals(Buffer.from(BSON.serialize(b)));

const VALUES: unknown[] = [
  0,
  -0,
  1,
  1.5,
  -1,
  2 ** 31,
  2 ** 53,
  NaN,
  Infinity,
  'a',
  'b',
  '',
  true,
  false,
  null,
  new Date(0),
  new Date(1),
  new Date(NaN),
  [],
  [1],
  [1, 2],
  [2, 1],
  [undefined],
  [null],
  { a: 1 },
  { a: 1, b: 2 },
  { b: 2, a: 1 },
  { a: undefined },
  {},
  { a: { b: [1, { c: 'x' }] } },
  { a: { b: [1, { c: 'y' }] } },
  new Int32(1),
  new Double(1),
  new Double(1.5),
  Long.fromNumber(1),
  Decimal128.fromString('1'),
  new ObjectId('000000000000000000000001'),
  new ObjectId('000000000000000000000002'),
  new Binary(Buffer.from('x')),
  new Timestamp({ t: 1, i: 1 }),
  /re/i,
  undefined,
];

describe('BSON equality', () => {
  it('when any two values are compared inside documents, then the answer is byte equality of their BSON', () => {
    for (const x of VALUES) {
      for (const y of VALUES) {
        const [a, b] = [
          { _id: 1, v: x, w: 'tail' },
          { _id: 1, v: y, w: 'tail' },
        ];
        expect(sameBson(a, b), `${String(x)} vs ${String(y)}`).to.equal(bytesEqual(a, b));
      }
    }
  });

  it('when fields differ in order, presence or undefined values, then the answer is still byte equality', () => {
    const pairs: Array<[Doc, Doc]> = [
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      [{ a: 1, b: undefined }, { a: 1 }],
      [{ a: 1 }, { a: 1, c: 3 }],
      [{ a: [1, undefined] }, { a: [1, null] }],
      [{ a: { x: new Date(5) } }, { a: { x: new Date(5) } }],
      [{ a: new Int32(7) }, { a: 7 }],
      [{ a: Long.fromNumber(7) }, { a: 7 }],
    ];
    for (const [a, b] of pairs) expect(sameBson(a, b), JSON.stringify([a, b])).to.equal(bytesEqual(a, b));
  });

  it('when index keys are compared, then only keys that certainly serialize alike are the same', () => {
    expect(sameBsonValue([['a', new Date(3)]], [['a', new Date(3)]])).to.equal(true);
    expect(sameBsonValue([['a', 1]], [['a', 2]])).to.equal(false);
    expect(sameBsonValue([[1]], [[1], [2]])).to.equal(false);
    expect(sameBsonValue([[new Int32(1)]], [[1]])).to.equal(false);
    expect(sameBsonValue([[0]], [[-0]])).to.equal(false);
  });
});
