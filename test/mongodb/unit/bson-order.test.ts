// MongoDB's comparison order across BSON types, used by sorts and index keys.
import { expect } from 'chai';
import { Binary, BSONSymbol, Decimal128, Double, Int32, Long, MaxKey, MinKey, ObjectId, Timestamp } from 'bson';
import { compareBson, compareByType, sortKeyOf, TypeBracket } from '../../../embedded/mongodb/query/bson-order.js';

describe('BSON order', () => {
  it('when values of every type are sorted, then they follow MongoDB type order', () => {
    const ordered = [
      new MinKey(),
      null,
      1,
      'a',
      { a: 1 },
      [1],
      new Binary(Buffer.from('x')),
      new ObjectId('000000000000000000000001'),
      false,
      new Date(0),
      new Timestamp({ t: 1, i: 1 }),
      /re/,
      new MaxKey(),
    ];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareBson)).to.deep.equal(ordered);
  });

  it('when numbers of different widths are compared, then only their values count', () => {
    expect(compareBson(new Int32(5), 5)).to.equal(0);
    expect(compareBson(Long.fromNumber(5), 5.0)).to.equal(0);
    expect(compareBson(Decimal128.fromString('5.5'), 5)).to.equal(1);
    expect(compareBson(Long.fromNumber(-2), new Int32(1))).to.equal(-1);
  });

  it('when plain strings, numbers or dates are compared directly, then the answer is the one their BSON wrappers get', () => {
    const numbers = [-Infinity, -1e300, -2, -0, 0, 0.5, 1, 2 ** 31, Infinity, NaN];
    for (const x of numbers) {
      for (const y of numbers)
        expect(compareBson(x, y), `${x} vs ${y}`).to.equal(compareBson(new Double(x), new Double(y)));
    }
    const strings = ['', 'a', 'B', 'b', 'ab', 'é', '\u{1F600}', 'z'];
    for (const x of strings) {
      for (const y of strings)
        expect(compareBson(x, y), `${x} vs ${y}`).to.equal(compareBson(new BSONSymbol(x), new BSONSymbol(y)));
    }
    const mixed = [
      ...numbers,
      ...strings,
      new Date(-1),
      new Date(0),
      new Date(8.64e15),
      new Date(NaN),
      null,
      true,
      [1],
      { a: 1 },
    ];
    for (const x of mixed) {
      for (const y of mixed) expect(compareBson(x, y), `${String(x)} vs ${String(y)}`).to.equal(compareByType(x, y));
    }
  });

  it('when ObjectIds are compared, then their bytes decide (creation time first)', () => {
    expect(compareBson(new ObjectId('000000010000000000000000'), new ObjectId('000000020000000000000000'))).to.equal(
      -1,
    );
  });

  it('when type brackets bound a range, then they sit around exactly one type', () => {
    expect(compareBson(TypeBracket.above(1), 1e308)).to.equal(1);
    expect(compareBson(TypeBracket.above(1), '')).to.equal(-1);
    expect(compareBson(TypeBracket.below('z'), 99)).to.equal(1);
  });

  it('when an array is a sort key, then ascending uses its smallest and descending its largest element', () => {
    expect(sortKeyOf([3, 1, 2], 1)).to.equal(1);
    expect(sortKeyOf([3, 1, 2], -1)).to.equal(3);
    expect(sortKeyOf([], 1)).to.equal(undefined);
  });
});
