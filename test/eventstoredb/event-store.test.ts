// Embedded server: the event log's own guarantees — durable before visible, ordered decisions, failures, group commit.
import { expect } from 'chai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError } from '../../embedded/eventstoredb/store/errors.js';
import { EventStore } from '../../embedded/eventstoredb/store/eventStore.js';
import { FileJournal, type Journal } from '../../embedded/eventstoredb/store/journal.js';
import { silentLogger } from '../../embedded/eventstoredb/plugin.js';
import type { RecordedEvent } from '../../embedded/eventstoredb/store/types.js';
import { rejectionOf } from './target.js';
import { proposedEvent } from './proposed.js';

const proposed = (type: string) => proposedEvent(type);

/** A journal whose writes complete only when the test says so. */
class HeldJournal implements Journal {
  private readonly pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  write(): Promise<void> {
    return new Promise((resolve, reject) => this.pending.push({ resolve, reject }));
  }
  release(): void {
    for (const write of this.pending.splice(0)) write.resolve();
  }
  fail(): void {
    for (const write of this.pending.splice(0)) write.reject(new Error('disk full'));
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('Embedded EventStoreDB event log', () => {
  it('when a commit is not yet durable, then readers and listeners do not see it, but the next append is decided after it', async () => {
    const journal = new HeldJournal();
    const log = EventStore.over(journal, []);
    const heard: string[] = [];
    log.onCommitted((event) => heard.push(event.type));
    const first = log.append('order-1', 'no_stream', [proposed('Placed')]);
    const second = log.append('order-1', 0n, [proposed('Paid')]);
    await settle();
    expect(log.readStream('order-1', 'start', 'forwards', 10)).to.deep.equal({ kind: 'not_found' });
    expect(log.readAll('start', 'forwards', 10)).to.have.length(0);
    expect(log.streamRevision('order-1')).to.equal('no_stream');
    expect(heard).to.deep.equal([]);

    journal.release();
    expect(await first).to.include({ kind: 'success', currentRevision: 0n });
    expect(await second).to.include({ kind: 'success', currentRevision: 1n });
    expect(heard).to.deep.equal(['Placed', 'Paid']);
    expect(log.streamRevision('order-1')).to.equal(1n);
  });

  it('when the journal fails, then the append and every later one reject with log_failed, and nothing becomes visible', async () => {
    const journal = new HeldJournal();
    const log = EventStore.over(journal, []);
    const append = log.append('order-2', 'any', [proposed('Placed')]);
    await settle();
    journal.fail();
    const error = await rejectionOf(append);
    expect(error).to.be.instanceOf(StoreError);
    expect((error as StoreError).code).to.equal('log_failed');
    const later = await rejectionOf(log.append('order-2', 'any', [proposed('Again')]));
    expect((later as StoreError).code).to.equal('log_failed');
    expect(log.readStream('order-2', 'start', 'forwards', 10)).to.deep.equal({ kind: 'not_found' });
  });

  it('when a soft-deleted stream is revived, then its $tb moves to the first new revision', async () => {
    const log = await EventStore.open();
    await log.append('order-3', 'no_stream', [proposed('A'), proposed('B')]);
    await log.delete('order-3', 'any');
    expect(log.streamMetadata('order-3').$tb).to.be.greaterThan(Number.MAX_SAFE_INTEGER);
    await log.append('order-3', 'any', [proposed('C')]);
    expect(log.streamMetadata('order-3').$tb).to.equal(2);
    const read = log.readStream('order-3', 'start', 'forwards', 10);
    expect(read.kind === 'ok' && read.events.map((e: RecordedEvent) => e.type)).to.deep.equal(['C']);
  });

  it('when stream metadata is written twice, then its metastream reads only the latest, and the stream uses it', async () => {
    const log = await EventStore.open();
    await log.append('order-5', 'no_stream', [proposed('A'), proposed('B'), proposed('C')]);
    const metadata = (value: object) => ({ ...proposed('$metadata'), data: Buffer.from(JSON.stringify(value)) });
    await log.append('$$order-5', 'any', [metadata({ $maxCount: 1 })]);
    await log.append('$$order-5', 'any', [metadata({ $maxCount: 2 })]);
    const meta = log.readStream('$$order-5', 'start', 'forwards', 10);
    expect(meta.kind === 'ok' && meta.events.map((e: RecordedEvent) => e.revision)).to.deep.equal([1n]);
    const read = log.readStream('order-5', 'start', 'forwards', 10);
    expect(read.kind === 'ok' && read.events.map((e: RecordedEvent) => e.type)).to.deep.equal(['B', 'C']);
  });

  it('when many appends arrive together, then the file journal makes them durable with far fewer fsyncs', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'esdb-group-commit-'));
    try {
      const { journal } = await FileJournal.openAndLoad(dataDir, silentLogger);
      const log = EventStore.over(journal, []);
      await Promise.all(
        Array.from({ length: 100 }, (_, i) => log.append(`seat-${i}`, 'no_stream', [proposed('Held')])),
      );
      expect(journal.flushCount).to.be.at.least(1);
      expect(journal.flushCount).to.be.at.most(5);
      await log.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('when the log is closed, then appends fail with log_closed', async () => {
    const log = await EventStore.open();
    await log.close();
    const error = await rejectionOf(log.append('order-4', 'any', [proposed('Late')]));
    expect(error).to.be.instanceOf(StoreError);
    expect((error as StoreError).code).to.equal('log_closed');
  });
});
