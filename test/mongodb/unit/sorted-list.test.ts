// The sorted chunk list behind every index, checked against a plain sorted array under random operations.
import { expect } from 'chai';
import { SortedList } from '../../../embedded/mongodb/storage/sorted-list.js';

/** A small deterministic generator so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('SortedList', () => {
  it('when thousands of random inserts and deletes run, then iteration stays sorted and matches a reference', () => {
    const next = random(7);
    const list = new SortedList<number>((a, b) => a - b);
    const reference: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const value = Math.floor(next() * 5_000);
      if (next() < 0.3 && reference.length > 0) {
        const victim = reference[Math.floor(next() * reference.length)];
        expect(list.delete(victim)).to.equal(true);
        reference.splice(reference.indexOf(victim), 1);
      } else {
        list.insert(value);
        reference.push(value);
      }
    }
    reference.sort((a, b) => a - b);
    expect([...list]).to.deep.equal(reference);
    expect(list.size).to.equal(reference.length);
  });

  it('when a range is asked for, then exactly the items between the bounds come back, in order', () => {
    const list = new SortedList<number>((a, b) => a - b);
    for (let i = 10_000; i > 0; i--) list.insert(i);
    expect([...list.range(4_990, 5_010)]).to.deep.equal(Array.from({ length: 21 }, (_, i) => 4_990 + i));
    expect([...list.range(20_000, 30_000)]).to.deep.equal([]);
    expect(list.firstAtLeast(9_999.5)).to.equal(10_000);
    expect(list.firstAtLeast(10_001)).to.equal(undefined);
  });

  it('when a range is visited without a generator, then it sees exactly what range yields', () => {
    const list = new SortedList<number>((a, b) => a - b);
    for (let i = 0; i < 3_000; i++) list.insert((i * 7919) % 1_000);
    for (const [low, high] of [
      [0, 999],
      [10.5, 11.5],
      [250, 260],
      [-5, 3],
      [998, 2_000],
      [500, 499],
    ]) {
      const visited: number[] = [];
      list.forEachInRange(low, high, (item) => visited.push(item));
      expect(visited, `${low}..${high}`).to.deep.equal([...list.range(low, high)]);
    }
  });

  it('when an absent item is deleted, then nothing changes', () => {
    const list = new SortedList<number>((a, b) => a - b);
    [3, 1, 2].forEach((n) => list.insert(n));
    expect(list.delete(5)).to.equal(false);
    expect([...list]).to.deep.equal([1, 2, 3]);
  });
});
