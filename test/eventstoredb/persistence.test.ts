// Embedded server: the event log on disk survives restarts, and a torn last record (crash mid-write) is dropped, never loaded.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { appendFile, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStoreDBClient, StreamDeletedError, StreamNotFoundError, jsonEvent, connect } from './client.js';
import {
  startEventStoreDB,
  StoreError,
  type EmbeddedEventStoreDB,
  type Logger,
} from '../../embedded/eventstoredb/index.js';
import { EventStore } from '../../embedded/eventstoredb/store/eventStore.js';
import { LOG_FILE_NAME } from '../../embedded/eventstoredb/store/journal.js';
import { LOCK_FILE_NAME } from '../../embedded/eventstoredb/store/dataDirLock.js';
import { collect, eventually, rejectionOf, typesOf } from './target.js';
import { proposedEvent } from './proposed.js';

const proposed = (type: string) => proposedEvent(type);

describe('Embedded EventStoreDB persistence', () => {
  let dataDir: string;
  let server: EmbeddedEventStoreDB | undefined;
  let client: EventStoreDBClient | undefined;
  const logFile = () => join(dataDir, LOG_FILE_NAME);

  async function start(logger?: Logger): Promise<EventStoreDBClient> {
    server = await startEventStoreDB({ dataDir, logger });
    client = connect(server.connectionString);
    return client;
  }
  async function stop(): Promise<void> {
    await client?.dispose();
    await server?.stop();
    client = undefined;
    server = undefined;
  }

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'esdb-persistence-'));
  });
  afterEach(async () => {
    await stop();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('when the server restarts on the same directory, then streams, positions, metadata and deletions are back', async () => {
    let es = await start();
    const appended = await es.appendToStream('order-1', [
      jsonEvent({ type: 'Placed', data: { n: 1 } }),
      jsonEvent({ type: 'Paid', data: {} }),
    ]);
    await es.setStreamMetadata('order-1', { maxCount: 5, owner: 'me' });
    await es.appendToStream('order-2', jsonEvent({ type: 'Placed', data: {} }));
    await es.deleteStream('order-2');
    await es.appendToStream('order-3', jsonEvent({ type: 'Placed', data: {} }));
    await es.tombstoneStream('order-3');
    await stop();

    es = await start();
    const read = await collect(es.readStream('order-1'));
    expect(typesOf(read)).to.deep.equal(['Placed', 'Paid']);
    expect(read[0].event?.data).to.deep.equal({ n: 1 });
    expect(read[1].event?.position).to.deep.equal(appended.position);
    expect((await es.getStreamMetadata('order-1')).metadata).to.deep.include({ maxCount: 5, owner: 'me' });
    expect(await rejectionOf(collect(es.readStream('order-2')))).to.be.instanceOf(StreamNotFoundError);
    expect(await rejectionOf(collect(es.readStream('order-3')))).to.be.instanceOf(StreamDeletedError);
    const next = await es.appendToStream('order-1', jsonEvent({ type: 'Shipped', data: {} }), { expectedRevision: 1n });
    expect(next.nextExpectedRevision).to.equal(2n);
    expect((next.position?.commit as bigint) > (appended.position?.commit as bigint)).to.equal(true);
  });

  it('when an append succeeds, then its record is already in the file', async () => {
    const es = await start();
    await es.appendToStream('ticket-1', jsonEvent({ type: 'Issued', data: { marker: 'durable-marker-7f3a' } }));
    const onDisk = await readFile(logFile());
    expect(onDisk.includes(Buffer.from('durable-marker-7f3a'))).to.equal(true);
  });

  it('when many clients append concurrently, then every acknowledged event is on disk after a restart', async () => {
    let es = await start();
    const writes = Array.from({ length: 200 }, (_, i) =>
      es.appendToStream(`seat-${i % 10}`, jsonEvent({ type: 'Held', data: { i } })),
    );
    await Promise.all(writes);
    await stop();
    es = await start();
    const all = await collect(es.readAll({ maxCount: 10_000 }));
    expect(all.filter((e) => e.event?.type === 'Held').length).to.equal(200);
  });

  it('when the last record was cut short by a crash, then it is dropped, the file truncated and appends continue', async () => {
    let es = await start();
    await es.appendToStream('booking-1', jsonEvent({ type: 'Requested', data: {} }));
    await stop();
    const intact = (await stat(logFile())).size;
    // A header announcing 500 bytes of payload, followed by only 20: what a crash during write() leaves.
    const torn = Buffer.alloc(28);
    torn.writeUInt32LE(500, 0);
    torn.writeUInt32LE(0xdeadbeef, 4);
    await appendFile(logFile(), torn);

    const warnings: string[] = [];
    es = await start((level, message) => {
      if (level === 'warn') warnings.push(message);
    });
    expect(warnings).to.deep.equal(['dropping a torn record at the end of the event log']);
    expect(typesOf(await collect(es.readStream('booking-1')))).to.deep.equal(['Requested']);
    expect((await stat(logFile())).size).to.equal(intact);
    await es.appendToStream('booking-1', jsonEvent({ type: 'Confirmed', data: {} }), { expectedRevision: 0n });
    await stop();
    es = await start();
    expect(typesOf(await collect(es.readStream('booking-1')))).to.deep.equal(['Requested', 'Confirmed']);
  });

  it('when the last record is complete in length but its checksum fails, then it is dropped too', async () => {
    // Written by the bare log, so that the garbled commit is the last record (no projection links after it).
    const log = await EventStore.open({ dataDir });
    await log.append('booking-2', 'no_stream', [proposed('Requested')]);
    await log.append('booking-2', 0n, [proposed('Garbled')]);
    await log.close();
    const file = await readFile(logFile());
    file[file.length - 3] ^= 0xff;
    await writeFile(logFile(), file);

    const es = await start();
    expect(typesOf(await collect(es.readStream('booking-2')))).to.deep.equal(['Requested']);
  });

  it('when a record in the middle is corrupt, then the server refuses to start rather than lose later data', async () => {
    const es = await start();
    await es.appendToStream('booking-3', jsonEvent({ type: 'First', data: {} }));
    await es.appendToStream('booking-3', jsonEvent({ type: 'Second', data: {} }));
    await stop();
    const file = await readFile(logFile());
    file[12] ^= 0xff;
    await writeFile(logFile(), file);

    const error = await rejectionOf(startEventStoreDB({ dataDir }));
    expect(error).to.be.instanceOf(StoreError);
    expect((error as StoreError).code).to.equal('log_corrupt');
  });

  it('when a second server opens a data directory in use, then it refuses with log_locked, and opens once the first stops', async () => {
    await start();
    const error = await rejectionOf(startEventStoreDB({ dataDir }));
    expect(error).to.be.instanceOf(StoreError);
    expect((error as StoreError).code).to.equal('log_locked');
    await stop();
    const es = await start();
    expect((await es.appendToStream('lock-1', jsonEvent({ type: 'Opened', data: {} }))).success).to.equal(true);
  });

  it('when a lock file was left by a process that died, then the next server takes it over', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number;
    await writeFile(join(dataDir, LOCK_FILE_NAME), String(dead));
    const es = await start();
    expect((await es.appendToStream('lock-2', jsonEvent({ type: 'Opened', data: {} }))).success).to.equal(true);
  });

  it('when the system projections missed events before a crash, then they link them on the next start, once', async () => {
    // Events written by the bare log, as if the server had died before its projections ran.
    const log = await EventStore.open({ dataDir });
    await log.append('concert-7', 'no_stream', [proposed('Scheduled')]);
    await log.close();

    let es = await start();
    const links = await eventually(async () => {
      const read = await collect(es.readStream('$ce-concert', { resolveLinkTos: true })).catch(() => []);
      return read.length > 0 ? read : undefined;
    });
    expect(links.map((e) => e.event?.type)).to.deep.equal(['Scheduled']);
    await stop();
    es = await start();
    expect((await collect(es.readStream('$ce-concert'))).length).to.equal(1);
  });
});
