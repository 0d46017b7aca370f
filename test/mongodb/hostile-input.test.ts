// Wire-level robustness: malformed, oversized and unknown messages never take the server down.
import { expect } from 'chai';
import type { MongoClient } from 'mongodb';
import { drivers, startTarget, type Target } from './support/target.js';
import { frame, nextReply, openSocket, opMsg, replied } from './support/raw-socket.js';

describe('hostile input on the wire', () => {
  let target: Target;
  let client: MongoClient;

  before(async () => {
    target = await startTarget();
    client = drivers[0].connect(target.uri);
    await client.connect();
  });

  after(async () => {
    await client.close();
    await target.stop();
  });

  afterEach(async () => {
    // Whatever the raw socket did, a pooled driver connection must still be served.
    expect((await client.db('admin').command({ ping: 1 })).ok).to.equal(1);
  });

  it('when a well-formed OP_MSG ping arrives, then the reply answers its request id with ok 1', async () => {
    const socket = await openSocket(target.uri);
    socket.write(opMsg(77, { ping: 1, $db: 'admin' }));
    const reply = replied(await nextReply(socket));
    socket.destroy();
    expect(reply).to.deep.include({ responseTo: 77, opCode: 2013 });
    expect(reply.body.ok).to.equal(1);
  });

  it('when documents arrive in a kind-1 section and a write sets moreToCome, then no reply is sent for it', async () => {
    const socket = await openSocket(target.uri);
    const db = `raw_${Date.now()}`;
    socket.write(opMsg(1, { insert: 'c', $db: db }, { flags: 2, sequences: { documents: [{ _id: 1 }, { _id: 2 }] } }));
    socket.write(opMsg(2, { count: 'c', $db: db }));
    const reply = replied(await nextReply(socket));
    socket.destroy();
    expect(reply).to.deep.include({ responseTo: 2 });
    expect(reply.body.n).to.equal(2);
    await client.db(db).dropDatabase();
  });

  it('when a large message trickles in as many small writes, then it is assembled and answered once', async () => {
    const socket = await openSocket(target.uri);
    const db = `raw_${Date.now()}`;
    const message = opMsg(3, { insert: 'big', documents: [{ blob: 'x'.repeat(2_000_000) }], $db: db });
    for (let at = 0; at < message.length; at += 4096) socket.write(message.subarray(at, at + 4096));
    const reply = replied(await nextReply(socket));
    socket.destroy();
    expect(reply).to.deep.include({ responseTo: 3 });
    expect(reply.body).to.include({ n: 1, ok: 1 });
    await client.db(db).dropDatabase();
  });

  it('when the declared length is smaller than a header, then the connection is closed', async () => {
    const socket = await openSocket(target.uri);
    const bad = Buffer.alloc(16);
    bad.writeInt32LE(3, 0);
    socket.write(bad);
    expect(await nextReply(socket)).to.equal('closed');
  });

  it('when the declared length is over the maximum message size, then the connection is closed', async () => {
    const socket = await openSocket(target.uri);
    const bad = Buffer.alloc(16);
    bad.writeInt32LE(0x7fffffff, 0);
    socket.write(bad);
    expect(await nextReply(socket)).to.equal('closed');
  });

  it('when the opcode is unknown, then the server answers with an error or closes', async () => {
    const socket = await openSocket(target.uri);
    socket.write(frame(5, 9999, Buffer.alloc(8)));
    const reply = await nextReply(socket);
    socket.destroy();
    if (reply !== 'closed') expect(reply.body.ok).to.equal(0);
  });

  it('when the BSON body is garbage, then the server answers with an error or closes', async () => {
    const socket = await openSocket(target.uri);
    const body = Buffer.concat([
      Buffer.alloc(4),
      Buffer.from([0]),
      Buffer.from([40, 0, 0, 0, 0x02, 0x41, 0x00, 0xff, 0xff]),
    ]);
    socket.write(frame(6, 2013, body));
    const reply = await nextReply(socket);
    socket.destroy();
    if (reply !== 'closed') expect(reply.body.ok).to.equal(0);
  });

  it('when a client sends half a message and disappears, then nothing is left hanging', async () => {
    const socket = await openSocket(target.uri);
    socket.write(opMsg(8, { ping: 1, $db: 'admin' }).subarray(0, 20));
    socket.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
  });

  it('when a message carries an unknown required flag bit, then it is refused', async () => {
    const socket = await openSocket(target.uri);
    socket.write(opMsg(9, { ping: 1, $db: 'admin' }, { flags: 1 << 4 }));
    const reply = await nextReply(socket);
    socket.destroy();
    if (reply !== 'closed') expect(reply.body.ok).to.equal(0);
  });
});
