// Streams.Read with a count: pages through the log and writes each event, pausing while the client is slow.
import { eventResponse, type ReadRespOrBytes, streamIdentifier } from '../grpc/convert.js';
import { streamDeleted } from '../grpc/errors.js';
import { streamsPb } from '../grpc/protocol.js';
import type { ResponseWriter } from '../grpc/responseWriter.js';
import type { EventLog, ReadFrom, RecordedEvent } from '../store/types.js';
import { passes } from './filter.js';
import type { ReadRequest } from './readRequest.js';

type ReadResp = ReadRespOrBytes;

/** Events taken from the log at a time: bounds memory per reader whatever the count asked for. */
export const PAGE_SIZE = 256;

export async function serveBoundedRead(
  log: EventLog,
  request: ReadRequest,
  writer: ResponseWriter<ReadResp>,
): Promise<void> {
  const send = (event: RecordedEvent): boolean | Promise<boolean> =>
    writer.write(eventResponse(log.resolve(event, request.resolveLinks), request.uuidFormat));
  const count = request.count ?? 0;
  if (request.source.kind === 'stream') await readStream(log, request.source.stream, request, count, send, writer);
  else await readAll(log, request, count, send);
  writer.end();
}

async function readStream(
  log: EventLog,
  stream: string,
  request: ReadRequest,
  count: number,
  send: (event: RecordedEvent) => boolean | Promise<boolean>,
  writer: ResponseWriter<ReadResp>,
): Promise<void> {
  const forwards = request.direction === 'forwards';
  let from: ReadFrom = request.source.from;
  let remaining = count;
  let firstPage = true;
  while (remaining > 0) {
    const page = log.readStream(stream, from, request.direction, Math.min(PAGE_SIZE, remaining));
    if (page.kind === 'deleted') {
      writer.fail(streamDeleted(stream));
      return;
    }
    if (page.kind === 'not_found') {
      // Not an error on the wire: the client turns this message into its StreamNotFoundError.
      if (firstPage) {
        const notFound = new streamsPb.ReadResp.StreamNotFound().setStreamIdentifier(streamIdentifier(stream));
        await writer.write(new streamsPb.ReadResp().setStreamNotFound(notFound));
      }
      return;
    }
    firstPage = false;
    for (const event of page.events) {
      const sent = send(event);
      if (sent !== true && !(await sent)) return;
    }
    remaining -= page.events.length;
    if (page.events.length < PAGE_SIZE) return;
    const last = page.events[page.events.length - 1].revision;
    if (!forwards && last === 0n) return;
    from = forwards ? last + 1n : last - 1n;
  }
}

async function readAll(
  log: EventLog,
  request: ReadRequest,
  count: number,
  send: (event: RecordedEvent) => boolean | Promise<boolean>,
): Promise<void> {
  const forwards = request.direction === 'forwards';
  let from: ReadFrom = request.source.from;
  // Reading backwards from a position starts before it, as EventStoreDB does.
  if (!forwards && typeof from === 'bigint') {
    if (from <= 0n) return;
    from -= 1n;
  }
  let remaining = count;
  while (remaining > 0) {
    const page = log.readAll(from, request.direction, PAGE_SIZE);
    let sent = 0;
    for (const event of page) {
      if (!passes(request.filter, event)) continue;
      const open = send(event);
      if (open !== true && !(await open)) return;
      sent++;
      if (--remaining === 0) return;
    }
    if (page.length < PAGE_SIZE) return;
    // A filter that matches nothing must not hold the event loop for the whole scan.
    if (sent === 0) await new Promise((resolve) => setImmediate(resolve));
    const last = page[page.length - 1].position;
    if (!forwards && last === 0n) return;
    from = forwards ? last + 1n : last - 1n;
  }
}
