// The direct projector for plain inclusions and exclusions, checked against mingo (which applied every projection before) and MongoDB's rules.
import { expect } from 'chai';
import { ObjectId } from 'bson';
import { Query } from 'mingo';
import { project } from '../../../embedded/mongodb/query/find.js';
import { cloneDocument, isPlainObject, type Doc } from '../../../embedded/mongodb/query/paths.js';
import { compileSimpleProjection } from '../../../embedded/mongodb/query/simple-projection.js';

const documents: Doc[] = [
  { _id: 1, a: { b: 1, c: 2 }, d: 3 },
  { _id: 2, a: [{ b: 1, c: 2 }, 5, { c: 3 }, [], 'x', { b: [{ c: 4, e: 5 }, 6] }], d: 3 },
  { _id: 3, a: 5, d: 'x' },
  { _id: 4, d: null },
  { d: 3, a: { c: 1, b: 2 }, _id: 5 },
  { _id: 6, a: { b: { c: 1, e: 2 }, e: 1 }, f: [1, 2] },
  { _id: 7, a: null, b: { c: null } },
  { _id: 8, a: {}, b: [] },
  { _id: new ObjectId('64b7f0c2a1b2c3d4e5f60718'), a: new ObjectId('64b7f0c2a1b2c3d4e5f60719'), when: new Date(0) },
  {
    _id: 'booking-1',
    bookingId: 'booking-1',
    clientId: 'c1',
    concertId: 'k1',
    seats: [{ row: 1, number: 2 }],
    status: 'Confirmed',
    totalPrice: 50_000,
    expiresAt: new Date(0),
    revision: 3,
  },
];

const projections: Doc[] = [
  { a: 1 },
  { a: true },
  { d: 1, a: 1 },
  { 'a.b': 1 },
  { 'a.b': 1, 'a.c': 1 },
  { 'a.b.c': 1 },
  { 'a.c': 1, d: 1 },
  { _id: 0, 'a.b': 1 },
  { _id: 1, a: 1 },
  { _id: 1 },
  { missing: 1 },
  { 'b.c': 1 },
  { a: 1, _id: false },
  { bookingId: 1, status: 1, totalPrice: 1 },
  { 'seats.row': 1, _id: 0 },
  { a: 0 },
  { a: false },
  { d: 0, a: 0 },
  { 'a.b': 0 },
  { 'a.b.c': 0 },
  { _id: 0 },
  { _id: 0, a: 0 },
  { 'a.c': 0, d: 0 },
  { missing: 0 },
  { 'seats.number': 0, revision: 0 },
];

/** mingo modifies documents under some exclusions, so it only ever sees copies. */
function throughMingo(doc: Doc, projection: Doc): Doc {
  return new Query({}).find([cloneDocument(doc)], projection).all()[0] as Doc;
}

/** MongoDB keeps a document's own field order: each output object's keys come in the input's order. */
function expectDocumentOrder(output: unknown, input: unknown, where: string): void {
  if (Array.isArray(output) && Array.isArray(input)) {
    // Dropped non-documents shift positions, so match each output element with the next input element of its kind.
    let i = 0;
    for (const element of output) {
      while (i < input.length && isPlainObject(element) !== isPlainObject(input[i])) i++;
      expectDocumentOrder(element, input[i++], where);
    }
    return;
  }
  if (!isPlainObject(output) || !isPlainObject(input)) return;
  const inputKeys = Object.keys(input);
  expect(Object.keys(output), where).to.deep.equal(inputKeys.filter((k) => k in output));
  for (const key of Object.keys(output)) expectDocumentOrder(output[key], input[key], where);
}

describe('simple projection', () => {
  it("when an inclusion or exclusion is applied, then the result equals mingo's, in the document's own field order", () => {
    for (const projection of projections) {
      const apply = compileSimpleProjection(projection);
      expect(apply, JSON.stringify(projection)).to.be.a('function');
      for (const doc of documents) {
        const where = `${JSON.stringify(projection)} over ${JSON.stringify(doc)}`;
        const result = apply!(doc);
        expect(result, where).to.deep.equal(throughMingo(doc, projection));
        expectDocumentOrder(result, doc, where);
      }
    }
  });

  it('when _id is not first in the document, then an inclusion keeps it where it is, as mongod does (mingo moves it last)', () => {
    const result = project([{ d: 3, a: { c: 1, b: 2 }, _id: 5 }], { a: 1, d: 1 })[0];
    expect(Object.keys(result)).to.deep.equal(['d', 'a', '_id']);
    expect(Object.keys(project([{ _id: 1, b: 2, a: 1 }], { a: 1, b: 1 })[0])).to.deep.equal(['_id', 'b', 'a']);
  });

  it('when a dotted inclusion crosses an array, then each document element keeps the path, nested arrays are walked and other elements dropped', () => {
    const doc = { _id: 1, a: [1, {}, { b: 1 }, { b: 1, c: 2 }, [], [1, { c: 1 }, { b: 2 }], 'x'] };
    expect(project([doc], { 'a.b': 1 })[0]).to.deep.equal({ _id: 1, a: [{}, { b: 1 }, { b: 1 }, [], [{}, { b: 2 }]] });
  });

  it('when a dotted exclusion crosses nested arrays, then their documents lose the path too, as find does in mongod (mingo leaves them)', () => {
    const doc = { _id: 1, a: [1, { b: 1, c: 2 }, [{ b: 3, c: 4 }, 5]] };
    expect(project([doc], { 'a.b': 0 })[0]).to.deep.equal({ _id: 1, a: [1, { c: 2 }, [{ c: 4 }, 5]] });
  });

  it('when a dotted exclusion meets null inside an array, then the null stays (mingo threw a TypeError)', () => {
    const doc = { _id: 1, a: [null, { b: { c: 1, e: 2 } }] };
    expect(project([doc], { 'a.b.c': 0 })[0]).to.deep.equal({ _id: 1, a: [null, { b: { e: 2 } }] });
  });

  it('when _id: 1 accompanies exclusions, then it is an exclusion that keeps _id, as mongod allows (mingo refused it)', () => {
    expect(project([{ _id: 1, a: 1, b: 2 }], { _id: 1, a: 0 })[0]).to.deep.equal({ _id: 1, b: 2 });
  });

  it('when a dotted exclusion is applied, then the stored document is left as it was', () => {
    const stored = { _id: 1, a: { b: 1, c: 2 }, list: [{ b: 1 }] };
    const before = cloneDocument(stored);
    project([stored], { 'a.b': 0, 'list.b': 0 });
    project([stored], { 'a.b': 1, 'list.b': 1 });
    expect(stored).to.deep.equal(before);
  });

  it('when a projection needs more than inclusion or exclusion, then the direct projector declines and mingo applies it', () => {
    const declined: Doc[] = [
      { a: { $slice: 1 } },
      { a: { $elemMatch: { b: 1 } } },
      { 'a.$': 1 },
      { a: { $meta: 'textScore' } },
      { a: '$b' },
      { a: 2 },
      { a: -1 },
      { a: 'yes' },
      { a: 1, b: 0 },
      { a: 0, b: 1 },
      { a: 1, 'a.b': 1 },
      { 'a.b': 0, a: 0 },
      { 'a.0': 1 },
      { 'a..b': 1 },
      { '_id.x': 1 },
      { a: null },
    ];
    for (const projection of declined)
      expect(compileSimpleProjection(projection), JSON.stringify(projection)).to.equal(undefined);
    expect(project([{ _id: 1, a: [1, 2, 3] }], { a: { $slice: 1 } })).to.deep.equal([{ _id: 1, a: [1] }]);
  });

  it('when mingo applies an exclusion the direct projector declines, then the stored document is left as it was', () => {
    const stored = { _id: { x: 1, y: 2 }, a: [{ b: 1, c: 1 }, 2] };
    const before = cloneDocument(stored);
    expect(project([stored], { '_id.x': 0 })).to.deep.equal([{ _id: { y: 2 }, a: [{ b: 1, c: 1 }, 2] }]);
    project([stored], { 'a.0.b': 0 });
    expect(stored).to.deep.equal(before);
  });

  it("when inclusion and exclusion are mixed, then the error is mongod's (31254) and a path collision still mingo's", () => {
    expect(() => project([{ _id: 1, a: 1, b: 2 }], { a: 1, b: 0 }))
      .to.throw('Cannot do exclusion on field b in inclusion projection')
      .with.property('code', 31254);
    expect(() => project([{ _id: 1, a: { b: 1 } }], { a: 1, 'a.b': 1 })).to.throw('Path collision at a.b');
  });
});
