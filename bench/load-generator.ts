// The benchmark's load generator, in a process of its own so that it neither takes the service's CPU nor delays its
// event loop: concurrent clients place a booking on one of both concerts, wait for it to be Confirmed in the view,
// pay it and wait for it to be Settled. Started by bench/service.ts, which passes the service's address in the
// environment (both read the load's settings from it through bench/settings.ts); prints what it measured as JSON.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { MongoClient, type Collection } from 'mongodb';
import { RequestSigner, secretsFromEnvironment } from '../scripts/credentials.js';
import { percentile } from './percentile.js';
import { serviceLoad } from './settings.js';

/** Each client's token and each payment's signature, from the secrets bench/service.ts passes (or the environment's). */
const signer = new RequestSigner(secretsFromEnvironment().secrets);
/** One address, or several (BENCH_INSTANCES): the bookings take them in turn, as a load balancer would spread them. */
const urls = process.env.BENCH_URL!.split(',');
const url = urls[0]!;
let turn = 0;
/**
 * Warm-up bookings run before measuring, in the same way, so that the first seconds (code compiled and optimised,
 * connections opened) do not count: they held every one of the slowest bookings of a run without them.
 */
const { concurrency: CONCURRENCY, warmup: WARMUP, bookings: BOOKINGS, rate: RATE } = serviceLoad();
const CONCERTS = [
  { concertId: 'rock-night', rows: 30, seatsPerRow: 50 },
  { concertId: 'jazz-evening', rows: 30, seatsPerRow: 50 },
];

function* seatsForSale() {
  for (let row = 1; row <= 30; row++) {
    for (let number = 1; number <= 50; number++)
      for (const concert of CONCERTS) yield { concertId: concert.concertId, seat: { row, number } };
  }
}

interface ViewDoc {
  /** The view keys each booking by its id, so the watcher's query is an index lookup, not a scan. */
  _id: string;
  bookingId: string;
  status: string;
  totalPrice: number | null;
}

const POLL_AT_MOST = 128;

/** Watches the view for the bookings in flight: one query for all of them every few milliseconds, not one per booking. */
class ViewWatcher {
  private readonly waiting = new Map<
    string,
    { statuses: string[]; clientId: string; resolve: (doc: ViewDoc) => void }
  >();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly source: { collection?: Collection<ViewDoc>; url: string }) {}

  until(clientId: string, bookingId: string, statuses: string[]): Promise<ViewDoc> {
    return new Promise((resolve) => {
      this.waiting.set(bookingId, { statuses, clientId, resolve });
      this.timer ??= setTimeout(() => void this.poll(), 2);
    });
  }

  private async poll(): Promise<void> {
    // The longest-waiting first, and a bounded number of them: when bookings pile up (an open-loop run past what the
    // service sustains) a poll for all of them every few milliseconds would load the database more than the service.
    const ids = [...this.waiting.keys()].slice(0, POLL_AT_MOST);
    // Only the documents that reached a status someone waits for come back: the others would cost their decoding on
    // every poll.
    const byStatuses = new Map<string, string[]>();
    for (const id of ids) {
      const key = this.waiting.get(id)!.statuses.join(',');
      byStatuses.set(key, [...(byStatuses.get(key) ?? []), id]);
    }
    const { collection } = this.source;
    const docs = collection
      ? (
          await Promise.all(
            [...byStatuses].map(([statuses, waiting]) =>
              collection
                .find(
                  { _id: { $in: waiting }, status: { $in: statuses.split(',') } },
                  { projection: { bookingId: 1, status: 1, totalPrice: 1 } },
                )
                .toArray(),
            ),
          )
        ).flat()
      : await Promise.all(
          ids.map(async (id) => {
            const path = `/clients/${this.waiting.get(id)!.clientId}/bookings?limit=1`;
            const response = await fetch(`${this.source.url}${path}`, {
              headers: await signer.headersFor('GET', path),
            });
            return ((await response.json()) as { items: ViewDoc[] }).items[0];
          }),
        );
    for (const doc of docs) {
      const waiter = doc && this.waiting.get(doc.bookingId);
      if (waiter && waiter.statuses.includes(doc.status)) {
        this.waiting.delete(doc.bookingId);
        waiter.resolve(doc);
      }
    }
    this.timer =
      this.waiting.size > 0 ? setTimeout(() => void this.poll(), this.source.collection ? 10 : 25) : undefined;
  }
}

/**
 * The load generator's requests go through node:http with keep-alive connections rather than fetch: fetch's web
 * streams cost several times more CPU per request.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: RATE > 0 ? 1_024 : CONCURRENCY + 8 });

/** One POST; a keep-alive socket the server closed just as it was reused is retried on a new one, as Node's docs advise. */
function send(url: string, payload: Buffer, credentials: Record<string, string>): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const headers = { 'content-type': 'application/json', 'content-length': payload.length, ...credentials };
    const request = http.request(url, { method: 'POST', agent, headers }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    });
    request.once('error', (error: NodeJS.ErrnoException) => {
      if (request.reusedSocket && error.code === 'ECONNRESET') resolve(send(url, payload, credentials));
      else reject(error);
    });
    request.end(payload);
  });
}

/** The status, or 0 when the request failed without one; and how long it took. */
async function post(url: string, body: unknown): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const payload = Buffer.from(JSON.stringify(body));
  const credentials = await signer.headersFor('POST', new URL(url).pathname, payload);
  const status = await send(url, payload, credentials).catch(() => 0);
  return { status, ms: performance.now() - started };
}

async function main(): Promise<void> {
  let mongo: MongoClient | undefined;
  let collection: Collection<ViewDoc> | undefined;
  if (process.env.BENCH_MONGODB_URI) {
    mongo = await new MongoClient(process.env.BENCH_MONGODB_URI).connect();
    collection = mongo.db(process.env.BENCH_MONGODB_DATABASE ?? 'booking').collection<ViewDoc>('bookings');
  }
  const watcher = new ViewWatcher({ collection, url });
  const seats = seatsForSale();

  /** Runs `bookings` bookings as the mode says (open or closed loop) and returns what it measured. */
  async function run(bookings: number) {
    const postMs: number[] = [];
    const toConfirmedMs: number[] = [];
    const counts = { placed: 0, confirmed: 0, denied: 0, settled: 0, failedRequests: 0 };
    const started = performance.now();
    const cpuAtStart = process.cpuUsage();
    let remaining = bookings;

    /** One booking from placing to settled; false when it could not start (the seats ran out). */
    async function book(): Promise<boolean> {
      const next = seats.next();
      if (next.done || remaining <= 0) return false;
      remaining -= 1;
      const clientId = `bench-${randomUUID().slice(0, 8)}`;
      const bookingId = randomUUID();
      const via = urls[turn++ % urls.length]!;
      const placing = performance.now();
      const placed = await post(`${via}/clients/${clientId}/bookings`, {
        concertId: next.value.concertId,
        seats: [next.value.seat],
        bookingId,
      });
      postMs.push(placed.ms);
      if (placed.status !== 201) {
        counts.failedRequests += 1;
        return true;
      }
      counts.placed += 1;
      const decided = await watcher.until(clientId, bookingId, ['Confirmed', 'Denied']);
      if (decided.status !== 'Confirmed') {
        counts.denied += 1;
        return true;
      }
      toConfirmedMs.push(performance.now() - placing);
      counts.confirmed += 1;
      const paid = await post(`${via}/payments`, { paymentId: randomUUID(), bookingId, amount: decided.totalPrice });
      if (paid.status !== 201) counts.failedRequests += 1;
      await watcher.until(clientId, bookingId, ['Settled']);
      counts.settled += 1;
      return true;
    }

    if (RATE > 0) {
      // Open loop: a new booking starts every 1/RATE s whether or not the earlier ones finished, as independent users
      // would arrive; latencies then show the service at that load rather than at whatever rate it saturates.
      const flows: Promise<boolean>[] = [];
      for (let index = 0; index < bookings; index++) {
        const due = started + (index * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
        flows.push(book());
      }
      await Promise.all(flows);
    } else {
      // Closed loop: CONCURRENCY clients, each starting its next booking when the last one settled.
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (await book());
        }),
      );
    }
    const cpu = process.cpuUsage(cpuAtStart);
    return {
      seconds: (performance.now() - started) / 1000,
      counts,
      postBookingMs: { p50: percentile(postMs, 50), p99: percentile(postMs, 99) },
      placingToConfirmedInViewMs: { p50: percentile(toConfirmedMs, 50), p99: percentile(toConfirmedMs, 99) },
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  }

  if (WARMUP > 0) await run(WARMUP);
  // bench/service.ts starts its own measures (CPU, event loops, the view's lag) at this line.
  process.stdout.write(`${JSON.stringify({ phase: 'measuring', warmupBookings: WARMUP })}\n`);
  process.stdout.write(`${JSON.stringify(await run(BOOKINGS))}\n`);
  agent.destroy();
  await mongo?.close();
}

await main();
