// `npm run embedded`: both embedded servers in one process, reachable by the real clients, stopped cleanly by SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { expect } from 'chai';
import { EventStoreDBClient, jsonEvent, FORWARDS, START } from '@eventstore/db-client';
import { MongoClient } from 'mongodb';

interface Running {
  child: ChildProcess;
  eventStore: string;
  mongodb: string;
  output: () => string;
}

function runEmbedded(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'embedded/main.ts'], {
    env: { ...process.env, EMBEDDED_EVENTSTORE_PORT: '0', EMBEDDED_MONGODB_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function startEmbedded(env: Record<string, string> = {}): Promise<Running> {
  const child = runEmbedded(env);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const eventStore = /^EVENTSTORE_CONNECTION_STRING=(.+)$/m.exec(output)?.[1];
    const mongodb = /^MONGODB_URI=(.+)$/m.exec(output)?.[1];
    if (eventStore && mongodb) return { child, eventStore, mongodb, output: () => output };
    if (child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`npm run embedded did not print both connection strings:\n${output}`);
}

async function stopEmbedded(running: Running): Promise<number | null> {
  running.child.kill('SIGTERM');
  const [code] = (await once(running.child, 'exit')) as [number | null];
  return code;
}

describe('npm run embedded', function () {
  this.timeout(60_000);
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'embedded-run-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when started, then both servers answer the real clients on the printed connection strings and SIGTERM exits 0', async () => {
    const running = await startEmbedded();
    try {
      expect(running.eventStore).to.match(/^esdb:\/\/127\.0\.0\.1:\d+\?tls=false$/);
      expect(running.mongodb).to.match(/^mongodb:\/\/127\.0\.0\.1:\d+\/\?directConnection=true$/);

      const eventStore = EventStoreDBClient.connectionString(running.eventStore);
      await eventStore.appendToStream('probe-1', jsonEvent({ type: 'Probed', data: { ok: true } }));
      const events = [];
      for await (const resolved of eventStore.readStream('probe-1', { direction: FORWARDS, fromRevision: START })) {
        events.push(resolved.event?.type);
      }
      expect(events).to.deep.equal(['Probed']);
      await eventStore.dispose();

      const mongo = new MongoClient(running.mongodb);
      await mongo.connect();
      await mongo
        .db('probe')
        .collection('things')
        .insertOne({ _id: 'a' as never, n: 1 });
      expect(await mongo.db('probe').collection('things').countDocuments()).to.equal(1);
      await mongo.close();
    } finally {
      expect(await stopEmbedded(running)).to.equal(0);
    }
  });

  it('when EMBEDDED_DATA_DIR is set, then the event log outlives a restart', async () => {
    const first = await startEmbedded({ EMBEDDED_DATA_DIR: dataDir });
    const writer = EventStoreDBClient.connectionString(first.eventStore);
    await writer.appendToStream('kept-1', jsonEvent({ type: 'Kept', data: { n: 1 } }));
    await writer.dispose();
    expect(await stopEmbedded(first)).to.equal(0);

    const second = await startEmbedded({ EMBEDDED_DATA_DIR: dataDir });
    try {
      const reader = EventStoreDBClient.connectionString(second.eventStore);
      const types = [];
      for await (const resolved of reader.readStream('kept-1')) types.push(resolved.event?.type);
      expect(types).to.deep.equal(['Kept']);
      await reader.dispose();
    } finally {
      await stopEmbedded(second);
    }
  });

  it('when a port variable is not a port, then it exits 1 naming the variable', async () => {
    const child = runEmbedded({ EMBEDDED_MONGODB_PORT: 'ninety' });
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).to.equal(1);
    expect(output).to.contain('EMBEDDED_MONGODB_PORT');
  });
});
