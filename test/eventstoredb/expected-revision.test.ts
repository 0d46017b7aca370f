// Embedded server: the append decision for every expected-revision form, including idempotent retries.
import { expect } from 'chai';
import { decideAppend } from '../../embedded/eventstoredb/store/expectedRevision.js';
import { SOFT_DELETED_TB, StreamState, TOMBSTONE_REVISION } from '../../embedded/eventstoredb/store/streamState.js';
import type { RecordedEvent } from '../../embedded/eventstoredb/store/types.js';

/** Given a stream holding events with these ids. */
function given(...ids: string[]): StreamState {
  const state = new StreamState('order-1');
  ids.forEach((id, i) =>
    state.add({
      streamId: 'order-1',
      revision: BigInt(i),
      position: BigInt(i + 1),
      id,
      type: 'T',
      contentType: 'application/json',
      data: new Uint8Array(0),
      customMetadata: new Uint8Array(0),
      created: 0n,
    } satisfies RecordedEvent),
  );
  return state;
}

describe('Embedded EventStoreDB expected revision', () => {
  it('given no stream, when expecting no_stream or any, then append; stream_exists or a revision, then wrong with no_stream', () => {
    expect(decideAppend(undefined, 'no_stream', ['a'])).to.deep.equal({ kind: 'append' });
    expect(decideAppend(undefined, 'any', ['a'])).to.deep.equal({ kind: 'append' });
    expect(decideAppend(undefined, 'stream_exists', ['a'])).to.deep.equal({ kind: 'wrong', actual: 'no_stream' });
    expect(decideAppend(undefined, 0n, ['a'])).to.deep.equal({ kind: 'wrong', actual: 'no_stream' });
  });

  it('given two events, when expecting revision 1, then append; revision 0 with new ids, then wrong with actual 1', () => {
    expect(decideAppend(given('a', 'b'), 1n, ['c'])).to.deep.equal({ kind: 'append' });
    expect(decideAppend(given('a', 'b'), 0n, ['c'])).to.deep.equal({ kind: 'wrong', actual: 1n });
    expect(decideAppend(given('a', 'b'), 5n, ['c'])).to.deep.equal({ kind: 'wrong', actual: 1n });
  });

  it('given events a b c, when a b are retried with no_stream or c is retried after revision 1, then idempotent', () => {
    expect(decideAppend(given('a', 'b', 'c'), 'no_stream', ['a', 'b'])).to.deep.equal({
      kind: 'idempotent',
      lastIndex: 1,
    });
    expect(decideAppend(given('a', 'b', 'c'), 1n, ['c'])).to.deep.equal({ kind: 'idempotent', lastIndex: 2 });
  });

  it('given events a b c, when b c are retried with any or stream_exists, then idempotent by the first id', () => {
    expect(decideAppend(given('a', 'b', 'c'), 'any', ['b', 'c'])).to.deep.equal({ kind: 'idempotent', lastIndex: 2 });
    expect(decideAppend(given('a', 'b', 'c'), 'stream_exists', ['b', 'c'])).to.deep.equal({
      kind: 'idempotent',
      lastIndex: 2,
    });
  });

  it('given events a b, when a retry matches only partly, then wrong expected version', () => {
    expect(decideAppend(given('a', 'b'), 'no_stream', ['a', 'x'])).to.deep.equal({ kind: 'wrong', actual: 1n });
    expect(decideAppend(given('a', 'b'), 'any', ['a', 'x'])).to.deep.equal({ kind: 'wrong', actual: 1n });
    expect(decideAppend(given('a', 'b'), 'any', ['b', 'c'])).to.deep.equal({ kind: 'wrong', actual: 1n });
  });

  it('given a soft-deleted stream, when expecting no_stream or its last revision, then append (revival); stream_exists, then wrong', () => {
    const state = given('a', 'b');
    state.metadata = { $tb: SOFT_DELETED_TB };
    expect(decideAppend(state, 'no_stream', ['c'])).to.deep.equal({ kind: 'append' });
    expect(decideAppend(state, 1n, ['c'])).to.deep.equal({ kind: 'append' });
    expect(decideAppend(state, 'stream_exists', ['c'])).to.deep.equal({ kind: 'wrong', actual: 'no_stream' });
  });

  it('given a tombstoned stream, when appending with any expectation, then deleted', () => {
    const state = given('a');
    state.tombstone = { ...state.events[0], revision: TOMBSTONE_REVISION, type: '$streamDeleted' };
    for (const expected of ['any', 'no_stream', 'stream_exists', 0n] as const) {
      expect(decideAppend(state, expected, ['z'])).to.deep.equal({ kind: 'deleted' });
    }
  });
});
