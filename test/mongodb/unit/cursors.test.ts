// Server cursors: batching, exhaustion, killing and the idle timeout.
import { expect } from 'chai';
import { CURSOR_TIMEOUT_MS, CursorRegistry } from '../../../embedded/mongodb/cursors.js';

const docs = (n: number) => Array.from({ length: n }, (_, i) => ({ i }));

describe('CursorRegistry', () => {
  it('when results exceed the first batch, then getMore hands out the rest and closes the cursor at the end', () => {
    const cursors = new CursorRegistry();
    const first = cursors.first('d.c', docs(5), 2);
    expect((first.firstBatch as unknown[]).length).to.equal(2);
    const second = cursors.next(first.id, 'd.c', 2);
    expect(second.nextBatch).to.deep.equal([{ i: 2 }, { i: 3 }]);
    const last = cursors.next(first.id, 'd.c', 2);
    expect(last.nextBatch).to.deep.equal([{ i: 4 }]);
    expect(String(last.id)).to.equal('0');
    expect(cursors.size).to.equal(0);
  });

  it('when the last batch is exactly full, then the cursor stays open until a getMore finds nothing more', () => {
    const cursors = new CursorRegistry();
    const first = cursors.first('d.c', docs(4), 2);
    const second = cursors.next(first.id, 'd.c', 2);
    expect(second.nextBatch).to.have.length(2);
    expect(String(second.id)).to.not.equal('0');
    const last = cursors.next(first.id, 'd.c', 2);
    expect(last.nextBatch).to.deep.equal([]);
    expect(String(last.id)).to.equal('0');
  });

  it('when the results know their end (sorted, limited), then the batch that empties them closes the cursor', () => {
    const cursors = new CursorRegistry();
    const first = cursors.first('d.c', docs(4), 2, { endKnown: true });
    expect(String(cursors.next(first.id, 'd.c', 2).id)).to.equal('0');
    expect(String(cursors.first('d.c', docs(2), 2, { endKnown: true }).id)).to.equal('0');
    expect(String(cursors.first('d.c', docs(2), 2).id)).to.not.equal('0');
  });

  it('when a cursor is used from another namespace or after being killed, then it is not found (43)', () => {
    const cursors = new CursorRegistry();
    const { id } = cursors.first('d.c', docs(5), 1);
    expect(() => cursors.next(id, 'd.other', 1))
      .to.throw()
      .with.property('code', 43);
    expect(cursors.kill([id]).cursorsKilled).to.have.length(1);
    expect(() => cursors.next(id, 'd.c', 1))
      .to.throw()
      .with.property('code', 43);
  });

  it('when a cursor sits idle past the timeout, then it is dropped as the next cursor opens', () => {
    let now = 0;
    const cursors = new CursorRegistry(() => now);
    const { id } = cursors.first('d.c', docs(5), 1);
    now += CURSOR_TIMEOUT_MS + 1;
    cursors.first('d.c', docs(5), 1);
    expect(cursors.size).to.equal(1);
    expect(() => cursors.next(id, 'd.c', 1))
      .to.throw()
      .with.property('code', 43);
  });
});
