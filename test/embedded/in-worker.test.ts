// The embedded servers in a worker thread (what `npm start` uses when no connection string is given): reachable by
// the real clients, serving while the starting thread is busy, their log lines forwarded at the asked level.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { expect } from 'chai';
import { EventStoreDBClient, FORWARDS, START, jsonEvent } from '@eventstore/db-client';
import { MongoClient } from 'mongodb';
import {
  startEmbeddedServersInWorker,
  type EmbeddedServersInWorker,
  type WorkerLogLevel,
} from '../../embedded/in-worker.js';

type Line = { level: WorkerLogLevel; message: string; fields?: Record<string, unknown> };

describe('embedded servers in a worker thread', function () {
  this.timeout(60_000);
  let servers: EmbeddedServersInWorker | undefined;
  const lines: Line[] = [];

  before(async () => {
    servers = await startEmbeddedServersInWorker({
      eventStore: true,
      mongo: true,
      logLevel: 'info',
      log: (level, message, fields) => lines.push({ level, message, fields }),
    });
  });
  after(async () => servers?.stop());

  it('when started, then both real clients work against the connection strings it gives', async () => {
    const client = EventStoreDBClient.connectionString(servers!.eventStoreConnectionString!);
    const mongo = await new MongoClient(servers!.mongoUri!).connect();
    try {
      await client.appendToStream('worker-check-1', jsonEvent({ type: 'Checked', data: { ok: true } }));
      const read = [];
      for await (const resolved of client.readStream('worker-check-1', { direction: FORWARDS, fromRevision: START }))
        read.push(resolved.event?.type);
      expect(read).to.deep.equal(['Checked']);
      await mongo
        .db('worker')
        .collection('checks')
        .insertOne({ _id: 'a' as never, ok: true });
      expect(await mongo.db('worker').collection('checks').findOne({})).to.deep.equal({ _id: 'a', ok: true });
    } finally {
      await client.dispose();
      await mongo.close();
    }
  });

  it('when the starting thread is busy, then the servers still answer other processes', async () => {
    // A client in another process pings MongoDB as soon as it is told to, and records the answer in a file.
    const answered = join(await mkdtemp(join(tmpdir(), 'in-worker-')), 'answered');
    const script = `
      import { writeFileSync } from 'node:fs';
      import { MongoClient } from 'mongodb';
      const client = await new MongoClient(process.argv[1]).connect();
      process.stdout.write('ready\\n');
      process.stdin.once('data', async () => {
        await client.db('admin').command({ ping: 1 });
        writeFileSync(process.argv[2], 'ok');
        await client.close();
      });`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, servers!.mongoUri!, answered], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    while (!output.includes('ready')) {
      if (child.exitCode !== null) throw new Error('the client process ended before it connected');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.stdin.end('go\n');
    // Hold this thread's event loop (only a synchronous look at the file) until the answer came, or 20 s: a server
    // running on this thread could not answer before the loop ends.
    const busyUntil = Date.now() + 20_000;
    while (!existsSync(answered) && Date.now() < busyUntil) {
      /* busy */
    }
    const answeredWhileBusy = existsSync(answered);
    await exited;
    expect(answeredWhileBusy).to.equal(true);
  });

  it('reports how busy the servers’ thread has been, since an earlier reading', async () => {
    const before = servers!.eventLoopUtilization();
    const client = EventStoreDBClient.connectionString(servers!.eventStoreConnectionString!);
    try {
      for (let batch = 0; batch < 20; batch++) {
        await client.appendToStream(
          'worker-busy',
          Array.from({ length: 50 }, (_, index) => jsonEvent({ type: 'Counted', data: { batch, index } })),
        );
      }
    } finally {
      await client.dispose();
    }
    const during = servers!.eventLoopUtilization(before);
    expect(during.active).to.be.greaterThan(0);
    expect(during.utilization).to.be.within(0, 1);
  });

  it('forwards the servers’ log lines at the asked level, naming their component, and drops the lines below it', () => {
    const started = lines.find((line) => line.fields?.component === 'embedded-eventstoredb' && line.level === 'info');
    expect(started, JSON.stringify(lines)).to.not.equal(undefined);
    expect(lines.some((line) => line.fields?.component === 'embedded-mongodb')).to.equal(true);
    expect(lines.filter((line) => line.level === 'debug')).to.deep.equal([]);
  });

  it('when stopped, then the servers no longer accept connections', async () => {
    const { mongoUri } = servers!;
    await servers!.stop();
    servers = undefined;
    const mongo = new MongoClient(mongoUri!, { serverSelectionTimeoutMS: 500 });
    const error = await mongo.connect().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    await mongo.close();
    expect(error).to.be.an('error');
  });
});

describe('embedded servers in a worker thread that dies', function () {
  this.timeout(30_000);

  /** Starts the servers asked for, noting every unexpected end they report. */
  async function startNotingEnds(which: { eventStore: boolean; mongo: boolean }) {
    const reasons: string[] = [];
    const servers = await startEmbeddedServersInWorker({
      ...which,
      logLevel: 'error',
      log: () => undefined,
      onUnexpectedExit: (reason) => reasons.push(reason),
    });
    return { servers, reasons };
  }

  it('tells the caller, once, that the servers are gone', async () => {
    const { servers, reasons } = await startNotingEnds({ eventStore: true, mongo: false });
    await servers.kill();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reasons).to.have.length(1);
    expect(reasons[0]).to.match(/exit code/);
  });

  it('when it was asked to stop, then it says nothing', async () => {
    const { servers, reasons } = await startNotingEnds({ eventStore: false, mongo: true });
    await servers.stop();
    expect(reasons).to.deep.equal([]);
  });
});
