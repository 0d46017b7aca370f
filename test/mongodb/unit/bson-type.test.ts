// The BSON type aliases `$type` sees, plain JS numbers included.
import { expect } from 'chai';
import { Double, Long, ObjectId, BSONRegExp } from 'bson';
import { bsonTypeAlias, typeTest } from '../../../embedded/mongodb/query/bson-type.js';

describe('bsonTypeAlias and typeTest', () => {
  it('when plain numbers are typed, then they are what the bson package writes: int32 in range, double otherwise', () => {
    expect([5, 5.5, -0, 2 ** 31, new Double(5), Long.fromNumber(5)].map(bsonTypeAlias)).to.deep.equal([
      'int',
      'double',
      'double',
      'double',
      'double',
      'long',
    ]);
  });

  it("when other values are typed, then each gets mongod's alias", () => {
    expect(
      ['s', true, null, new Date(0), [1], { a: 1 }, new ObjectId(), new BSONRegExp('a', 'i')].map(bsonTypeAlias),
    ).to.deep.equal(['string', 'bool', 'null', 'date', 'array', 'object', 'objectId', 'regex']);
  });

  it('when $type names aliases, codes, lists or "number", then the test follows them; array is left to mingo', () => {
    expect(typeTest('number')!(Long.fromNumber(1))).to.equal(true);
    expect(typeTest([16, 'long'])!(new Double(1))).to.equal(false);
    expect(typeTest(1)!(new Double(1))).to.equal(true);
    expect(typeTest(undefined)).to.equal(undefined);
    expect(typeTest('array')).to.equal(undefined);
    expect(typeTest('nonsense')).to.equal(undefined);
  });
});
