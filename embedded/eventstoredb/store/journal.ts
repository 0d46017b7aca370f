// Where commits become durable: an append-only file with group commit (one write + fsync per batch), or nothing.
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { checkFrame, decodeCommit, encodeCommit } from './recordCodec.js';
import { StoreError } from './errors.js';
import { lockDataDir, type DataDirLock } from './dataDirLock.js';
import type { RecordedEvent } from './types.js';
import type { Logger } from '../plugin.js';

export interface Journal {
  /** Resolves once the commit is durable; commits become durable in the order they were given. */
  write(commit: readonly RecordedEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** Without a data directory nothing is written: a commit is "durable" as soon as it is in memory. */
export class MemoryJournal implements Journal {
  write(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

interface Batch {
  readonly records: Buffer[];
  readonly waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

const newBatch = (): Batch => ({ records: [], waiters: [] });

export const LOG_FILE_NAME = 'events.log';

export class FileJournal implements Journal {
  private open: Batch = newBatch();
  private flushing: Promise<void> | undefined;
  private failure: unknown;
  private flushes = 0;

  private constructor(
    private readonly handle: FileHandle,
    private readonly lock: DataDirLock,
  ) {}

  /**
   * Opens (creating) the log in `dataDir` and returns every stored commit. A torn last record is
   * cut off the file; a bad record followed by more data means real corruption and stops the start.
   */
  static async openAndLoad(
    dataDir: string,
    logger: Logger,
  ): Promise<{ journal: FileJournal; commits: RecordedEvent[][] }> {
    await mkdir(dataDir, { recursive: true });
    const lock = await lockDataDir(dataDir);
    try {
      return await FileJournal.load(dataDir, lock, logger);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  private static async load(
    dataDir: string,
    lock: DataDirLock,
    logger: Logger,
  ): Promise<{ journal: FileJournal; commits: RecordedEvent[][] }> {
    const path = join(dataDir, LOG_FILE_NAME);
    const file = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    });
    const commits: RecordedEvent[][] = [];
    let offset = 0;
    while (offset < file.length) {
      const frame = checkFrame(file, offset);
      if (frame.kind === 'ok') {
        try {
          commits.push(decodeCommit(frame.payload));
        } catch (cause) {
          throw new StoreError('log_corrupt', `${path}: unreadable record at byte ${offset}`, { cause });
        }
        offset = frame.end;
        continue;
      }
      if (frame.kind === 'bad_checksum' && frame.end < file.length) {
        throw new StoreError('log_corrupt', `${path}: checksum mismatch at byte ${offset} with data after it`);
      }
      logger('warn', 'dropping a torn record at the end of the event log', {
        path,
        offset,
        bytes: file.length - offset,
      });
      break;
    }
    const handle = await open(path, 'a');
    if (offset < file.length) {
      await handle.truncate(offset);
      await handle.datasync();
    }
    return { journal: new FileJournal(handle, lock), commits };
  }

  /** How many write + fsync rounds have run: fewer than commits when group commit works. */
  get flushCount(): number {
    return this.flushes;
  }

  write(commit: readonly RecordedEvent[]): Promise<void> {
    if (this.failure !== undefined) {
      return Promise.reject(
        new StoreError('log_failed', 'the event log failed an earlier write', { cause: this.failure }),
      );
    }
    const batch = this.open;
    const done = new Promise<void>((resolve, reject) => batch.waiters.push({ resolve, reject }));
    batch.records.push(encodeCommit(commit));
    this.flushing ??= this.flushLoop();
    return done;
  }

  /** While one batch is being written and fsync'd, the next one fills up: that is the group commit. */
  private async flushLoop(): Promise<void> {
    // Let appends that arrive in the same turn of the event loop join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (this.open.records.length > 0) {
      const batch = this.open;
      this.open = newBatch();
      try {
        if (this.failure !== undefined) throw this.failure;
        await this.writeAll(batch.records.length === 1 ? batch.records[0] : Buffer.concat(batch.records));
        await this.handle.datasync();
        this.flushes++;
        for (const waiter of batch.waiters) waiter.resolve();
      } catch (error) {
        this.failure ??= error;
        for (const waiter of batch.waiters)
          waiter.reject(new StoreError('log_failed', 'writing the event log failed', { cause: error }));
      }
    }
    this.flushing = undefined;
  }

  private async writeAll(buffer: Buffer): Promise<void> {
    let written = 0;
    while (written < buffer.length) {
      const { bytesWritten } = await this.handle.write(buffer, written, buffer.length - written);
      written += bytesWritten;
    }
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle.close();
    await this.lock.release();
  }
}
