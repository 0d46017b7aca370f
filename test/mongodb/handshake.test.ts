// The driver's handshake, monitoring and pooling, and the legacy OP_QUERY hello at the wire level.
import { expect } from 'chai';
import { BSON } from 'bson';
import { drivers, startTarget, uniqueDbName, type Target } from './support/target.js';
import { frame, nextReply, openSocket, replied } from './support/raw-socket.js';

describe('handshake and connection handling', () => {
  let target: Target;

  before(async () => {
    target = await startTarget();
  });

  after(async () => {
    await target.stop();
  });

  for (const driver of drivers) {
    it(`when ${driver.name} connects, heartbeats and runs parallel work on a small pool, then nothing fails or clears the pool`, async () => {
      const uri = `${target.uri}${target.uri.includes('?') ? '&' : '?'}heartbeatFrequencyMS=500&maxPoolSize=4`;
      const client = driver.connect(uri);
      const problems: string[] = [];
      client.on('serverHeartbeatFailed', (event) => problems.push(`heartbeat failed: ${String(event.failure)}`));
      client.on('connectionPoolCleared', () => problems.push('pool cleared'));
      let heartbeats = 0;
      client.on('serverHeartbeatSucceeded', () => heartbeats++);
      await client.connect();
      const collection = client.db(uniqueDbName('handshake')).collection('c');
      await Promise.all(Array.from({ length: 40 }, (_, i) => collection.insertOne({ i })));
      await new Promise((resolve) => setTimeout(resolve, 1300));
      expect(await collection.countDocuments()).to.equal(40);
      await collection.drop();
      await client.close();
      expect(problems).to.deep.equal([]);
      expect(heartbeats).to.be.at.least(2);
    });

    it(`when ${driver.name} uses an explicit session, then commands carrying lsid succeed and close ends it`, async () => {
      const client = driver.connect(target.uri);
      await client.connect();
      const session = client.startSession();
      const collection = client.db(uniqueDbName('sessions')).collection('c');
      await collection.insertOne({ a: 1 }, { session });
      expect(await collection.findOne({ a: 1 }, { session })).to.include({ a: 1 });
      await session.endSession();
      await collection.drop();
      await client.close();
    });
  }

  it('when a legacy OP_QUERY isMaster arrives, then an OP_REPLY carries the wire versions and limits', async () => {
    const socket = await openSocket(target.uri);
    const query = Buffer.concat([
      Buffer.alloc(4),
      Buffer.from('admin.$cmd\0'),
      Buffer.from([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]),
      Buffer.from(BSON.serialize({ isMaster: 1, helloOk: true, client: { driver: { name: 'raw', version: '0' } } })),
    ]);
    socket.write(frame(42, 2004, query));
    const reply = replied(await nextReply(socket));
    socket.destroy();
    expect(reply.opCode).to.equal(1);
    expect(reply.responseTo).to.equal(42);
    expect(reply.body).to.include({ ok: 1, maxBsonObjectSize: 16777216 });
    expect(reply.body.maxWireVersion).to.be.at.least(17);
  });
});
