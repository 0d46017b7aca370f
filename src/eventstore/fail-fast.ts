// Deadlines the 6.2.1 EventStoreDB client does not give: its stream reads and batched appends wait for ever on a
// server that accepts connections and never answers. A request should fail within seconds (503) and be retried.
import type { EventStoreDBClient } from '@eventstore/db-client';
import { StoreUnavailableError } from '../store-failures.js';

/** Longer than any answer a working server gives under load; an event read resets it. */
export const STORE_CALL_DEADLINE_MS = 5_000;

const noAnswer = (ms: number) => new StoreUnavailableError('eventstoredb', new Error(`no answer within ${ms} ms`));

/**
 * Runs `expired` once nothing has happened for `ms` milliseconds. A timer can fire after an event loop stall
 * before the I/O that arrived meanwhile is read; waiting one more turn (setImmediate runs after the poll phase)
 * lets that I/O reset the deadline first.
 */
function idleDeadline(ms: number, expired: () => void) {
  let last = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const arm = (wait: number) => {
    timer = setTimeout(
      () =>
        setImmediate(() => {
          const idle = performance.now() - last;
          if (idle >= ms) expired();
          else arm(ms - idle);
        }),
      wait,
    );
    timer.unref();
  };
  arm(ms);
  return { touch: () => (last = performance.now()), clear: () => clearTimeout(timer) };
}

type ReadStream = ReturnType<EventStoreDBClient['readStream']>;

function guardRead(read: ReadStream, ms: number): ReadStream {
  const deadline = idleDeadline(ms, () => {
    // Cancelled on the wire first: a read left open keeps the client's dispose() waiting.
    void read.cancel().finally(() => read.destroy(noAnswer(ms)));
  });
  // Each event read moves the deadline. Not with a 'data' listener: that would switch the stream to flowing mode
  // and take the events from the reader's async iterator.
  const push = read.push.bind(read);
  read.push = (chunk: unknown, encoding?: BufferEncoding) => {
    deadline.touch();
    return push(chunk, encoding);
  };
  read.once('close', deadline.clear);
  read.once('end', deadline.clear);
  read.once('error', deadline.clear);
  return read;
}

async function guardAppend<T>(append: Promise<T>, ms: number): Promise<T> {
  let deadline: ReturnType<typeof idleDeadline> | undefined;
  const expired = new Promise<never>((_, reject) => {
    deadline = idleDeadline(ms, () => reject(noAnswer(ms)));
  });
  // An append given up on may still be written: every command here is safe to repeat, as a retry would.
  try {
    return await Promise.race([append, expired]);
  } finally {
    deadline?.clear();
  }
}

/** The same client, its reads and appends given up after `ms` without an answer; subscriptions untouched. */
export function withDeadlines(client: EventStoreDBClient, ms = STORE_CALL_DEADLINE_MS): EventStoreDBClient {
  return new Proxy(client, {
    get(target, property) {
      if (property === 'readStream') {
        return (...args: Parameters<EventStoreDBClient['readStream']>) => guardRead(target.readStream(...args), ms);
      }
      if (property === 'appendToStream') {
        return (...args: Parameters<EventStoreDBClient['appendToStream']>) =>
          guardAppend(target.appendToStream(...args), ms);
      }
      const value: unknown = Reflect.get(target, property, target);
      // The client keeps its state in private fields: its methods must run on the client itself, not the proxy.
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
