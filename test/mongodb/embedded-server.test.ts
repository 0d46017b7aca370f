// The embedded server's own API: start on port 0, connection string, logger, isolation and clean stop.
import { expect } from 'chai';
import { MongoClient } from 'mongodb';
import { startMongoDB, type LogLevel } from '../../embedded/mongodb/index.js';
import { nextReply, openSocket } from './support/raw-socket.js';

describe('embedded MongoDB server API', () => {
  it('when started on port 0, then it listens on a free port and gives a direct connection string', async () => {
    const server = await startMongoDB({ port: 0 });
    try {
      expect(server.port).to.be.greaterThan(0);
      expect(server.connectionString).to.equal(`mongodb://127.0.0.1:${server.port}/?directConnection=true`);
    } finally {
      await server.stop();
    }
  });

  it('when a logger is given, then startup is reported to it with the port', async () => {
    const lines: Array<{ level: LogLevel; message: string; fields?: Record<string, unknown> }> = [];
    const server = await startMongoDB({ logger: (level, message, fields) => lines.push({ level, message, fields }) });
    await server.stop();
    expect(lines.some((l) => l.level === 'info' && l.fields?.port === server.port)).to.equal(true);
  });

  it('when two servers run, then each keeps its own data', async () => {
    const [a, b] = await Promise.all([startMongoDB(), startMongoDB()]);
    const [ca, cb] = [new MongoClient(a.connectionString), new MongoClient(b.connectionString)];
    try {
      await ca.db('d').collection('c').insertOne({ x: 1 });
      expect(await cb.db('d').collection('c').countDocuments()).to.equal(0);
    } finally {
      await Promise.all([ca.close(), cb.close()]);
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('when stopped with clients still connected, then their connections close and the port is released', async () => {
    const server = await startMongoDB();
    const socket = await openSocket(server.connectionString);
    const client = new MongoClient(server.connectionString, { serverSelectionTimeoutMS: 300 });
    await client.connect();
    const closed = nextReply(socket);
    await server.stop();
    expect(await closed).to.equal('closed');
    const again = await startMongoDB({ port: server.port });
    await again.stop();
    await client.close();
  });
});
