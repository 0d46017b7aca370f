// Embedded server: starting on a free port, logging through the given logger, and stopping cleanly with calls still open.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { START, UnavailableError, jsonEvent, connect } from './client.js';
import { startEventStoreDB, type LogLevel } from '../../embedded/eventstoredb/index.js';
import { collect, rejectionOf } from './target.js';

describe('Embedded EventStoreDB lifecycle', () => {
  it('when started on port 0, then it listens on a free port and names it in an esdb:// connection string', async () => {
    const server = await startEventStoreDB({ port: 0 });
    try {
      expect(server.port).to.be.greaterThan(0);
      expect(server.connectionString).to.equal(`esdb://127.0.0.1:${server.port}?tls=false`);
    } finally {
      await server.stop();
    }
  });

  it('when a logger is given, then start and stop are reported through it', async () => {
    const entries: { level: LogLevel; message: string }[] = [];
    const server = await startEventStoreDB({ logger: (level, message) => entries.push({ level, message }) });
    await server.stop();
    expect(entries.map((e) => e.message)).to.include.members([
      'embedded EventStoreDB listening',
      'embedded EventStoreDB stopped',
    ]);
  });

  it('when stopped with a live subscription open, then stop resolves, the port closes, and a second stop is harmless', async () => {
    const server = await startEventStoreDB();
    const client = connect(server.connectionString);
    const subscription = client.subscribeToStream('lifecycle-1', { fromRevision: START });
    subscription.on('data', () => undefined);
    subscription.on('error', () => undefined);
    await new Promise((resolve) => subscription.once('confirmation', resolve));
    await client.appendToStream('lifecycle-1', jsonEvent({ type: 'Before', data: {} }));

    const started = Date.now();
    await server.stop();
    expect(Date.now() - started).to.be.lessThan(2_000);
    await server.stop();

    const late = connect(server.connectionString);
    try {
      expect(await rejectionOf(collect(late.readStream('lifecycle-1')))).to.be.instanceOf(UnavailableError);
    } finally {
      await late.dispose();
      await client.dispose();
    }
  });

  it('when the port is taken, then start rejects and leaves the data directory free for the next start', async () => {
    const first = await startEventStoreDB();
    const dataDir = await mkdtemp(join(tmpdir(), 'esdb-lifecycle-'));
    try {
      await rejectionOf(startEventStoreDB({ port: first.port, dataDir }));
      const second = await startEventStoreDB({ dataDir });
      await second.stop();
    } finally {
      await first.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
