// Conformance: connecting through gossip discovery, and one client's bad requests not disturbing another client.
import { expect } from 'chai';
import { MaxAppendSizeExceededError, binaryEvent, jsonEvent, connect } from './client.js';
import { collect, rejectionOf, startTarget, typesOf, uniqueStream, type Target } from './target.js';

describe('EventStoreDB connection', () => {
  let target: Target;
  before(async () => {
    target = await startTarget();
  });
  after(async () => {
    await target.stop();
  });

  it('when connecting with esdb+discover://, then gossip names one leader and the client works through it', async () => {
    const discover = connect(target.connectionString.replace(/^esdb:\/\//, 'esdb+discover://'));
    try {
      const stream = uniqueStream();
      await discover.appendToStream(stream, jsonEvent({ type: 'Discovered', data: {} }));
      expect(typesOf(await collect(discover.readStream(stream)))).to.deep.equal(['Discovered']);
    } finally {
      await discover.dispose();
    }
  });

  it('when one client sends oversized appends, then another client is served meanwhile', async () => {
    const other = connect(target.connectionString);
    try {
      const stream = uniqueStream();
      const bad = Array.from({ length: 3 }, () =>
        rejectionOf(
          target.client.appendToStream(uniqueStream(), binaryEvent({ type: 'Big', data: new Uint8Array(1_100_000) })),
        ),
      );
      const good = Array.from({ length: 20 }, (_, i) =>
        other.appendToStream(stream, jsonEvent({ type: `E${i}`, data: {} })),
      );
      const [errors] = await Promise.all([Promise.all(bad), Promise.all(good)]);
      expect(errors.every((e) => e instanceof MaxAppendSizeExceededError)).to.equal(true);
      expect((await collect(other.readStream(stream))).length).to.equal(20);
    } finally {
      await other.dispose();
    }
  });
});
