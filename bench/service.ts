// Benchmark of the whole service over HTTP: concurrent clients place and pay bookings on both concerts; prints JSON.
// `npm run bench` starts the service in-process on the embedded servers; `npm run bench -- http://host:3000` drives a
// running one (give MONGODB_URI and MONGODB_DATABASE to watch its view directly, otherwise the view is polled over HTTP).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { MongoClient, type Collection } from 'mongodb';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { createLogger } from '../src/logger.js';
import { startService, type RunningService } from '../src/service.js';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
/** Both concerts hold 3,000 seats; one seat per booking lets the run sell them all. */
const BOOKINGS = Number(process.env.BENCH_BOOKINGS ?? 3_000);
const CONCERTS = [
  { concertId: 'rock-night', rows: 30, seatsPerRow: 50 },
  { concertId: 'jazz-evening', rows: 30, seatsPerRow: 50 },
];

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : Math.round(sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! * 10) / 10;
};

function* seatsForSale() {
  for (let row = 1; row <= 30; row++) {
    for (let number = 1; number <= 50; number++) for (const concert of CONCERTS) yield { concertId: concert.concertId, seat: { row, number } };
  }
}

interface ViewDoc {
  /** The view keys each booking by its id, so the watcher's query is an index lookup, not a scan. */
  _id: string;
  bookingId: string;
  status: string;
  totalPrice: number | null;
}

/** Watches the view for the bookings in flight: one query for all of them every few milliseconds, not one per booking. */
class ViewWatcher {
  private readonly waiting = new Map<string, { statuses: string[]; clientId: string; resolve: (doc: ViewDoc) => void }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly source: { collection?: Collection<ViewDoc>; url: string }) {}

  until(clientId: string, bookingId: string, statuses: string[]): Promise<ViewDoc> {
    return new Promise((resolve) => {
      this.waiting.set(bookingId, { statuses, clientId, resolve });
      this.timer ??= setTimeout(() => void this.poll(), 2);
    });
  }

  private async poll(): Promise<void> {
    const ids = [...this.waiting.keys()];
    // Only the documents that reached a status someone waits for come back: the others would cost this process (which
    // is also the service) their decoding on every poll.
    const byStatuses = new Map<string, string[]>();
    for (const [id, waiter] of this.waiting) {
      const key = waiter.statuses.join(',');
      byStatuses.set(key, [...(byStatuses.get(key) ?? []), id]);
    }
    const { collection } = this.source;
    const docs = collection
      ? (
          await Promise.all(
            [...byStatuses].map(([statuses, waiting]) =>
              collection.find({ _id: { $in: waiting }, status: { $in: statuses.split(',') } }, { projection: { bookingId: 1, status: 1, totalPrice: 1 } }).toArray(),
            ),
          )
        ).flat()
      : await Promise.all(
          ids.map(async (id) => {
            const response = await fetch(`${this.source.url}/clients/${this.waiting.get(id)!.clientId}/bookings?limit=1`);
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
    this.timer = this.waiting.size > 0 ? setTimeout(() => void this.poll(), this.source.collection ? 10 : 25) : undefined;
  }
}

/**
 * BENCH_SERVERS=child runs the embedded servers in a process of their own, as `npm run embedded` does, so that the
 * service and its databases can use both cores as they would deployed; `inline` (the default) keeps all in one.
 */
async function embeddedServersInChild(): Promise<{ child: ChildProcess; eventStore: string; mongo: string }> {
  const child = spawn(process.execPath, ['--import=tsx', 'embedded/main.ts'], {
    env: { ...process.env, EMBEDDED_EVENTSTORE_PORT: '0', EMBEDDED_MONGODB_PORT: '0' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const found: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`embedded servers exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const [, key, value] of chunk.toString().matchAll(/^(EVENTSTORE_CONNECTION_STRING|MONGODB_URI)=(.+)$/gm)) found[key!] = value!;
      if (found.EVENTSTORE_CONNECTION_STRING && found.MONGODB_URI) resolve();
    });
  });
  return { child, eventStore: found.EVENTSTORE_CONNECTION_STRING!, mongo: found.MONGODB_URI! };
}

/**
 * The load generator's requests go through node:http with keep-alive connections rather than fetch: fetch's web
 * streams cost several times more CPU per request, and with the service in this process that would be measured too.
 */
const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY + 8 });

async function post(url: string, body: unknown): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const payload = Buffer.from(JSON.stringify(body));
  const status = await new Promise<number>((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': payload.length } }, (response) => {
      response.resume();
      response.once('end', () => resolve(response.statusCode ?? 0));
      response.once('error', reject);
    });
    request.once('error', reject);
    request.end(payload);
  });
  return { status, ms: performance.now() - started };
}

/** Which servers the in-process service talks to: the ones the environment names win, as in `npm start`. */
function serversDescription(mode: string): string {
  if (mode === 'child') return 'embedded servers in a child process';
  const named = [process.env.EVENTSTORE_CONNECTION_STRING, process.env.MONGODB_URI].filter(Boolean);
  return named.length > 0 ? `the servers named in the environment (${named.join(', ')})` : 'embedded servers in a worker thread of the same process';
}

async function main() {
  const externalUrl = process.argv[2] ?? process.env.BENCH_URL;
  let service: RunningService | undefined;
  let mongo: MongoClient | undefined;
  let url = externalUrl;
  let collection: Collection<ViewDoc> | undefined;
  let servers: Awaited<ReturnType<typeof embeddedServersInChild>> | undefined;
  const serversMode = process.env.BENCH_SERVERS ?? 'inline';
  if (!url) {
    if (serversMode === 'child') servers = await embeddedServersInChild();
    // Processes log every step at info; at that level the log itself becomes what is measured.
    const config = loadConfig({
      ...process.env,
      PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      ...(servers ? { EVENTSTORE_CONNECTION_STRING: servers.eventStore, MONGODB_URI: servers.mongo } : {}),
    });
    service = await startService(config, { logger: createLogger({ level: config.logLevel, pretty: false }), clock: systemClock });
    url = service.url;
    collection = service.db.collection<ViewDoc>('bookings');
  } else if (process.env.MONGODB_URI) {
    mongo = await new MongoClient(process.env.MONGODB_URI).connect();
    collection = mongo.db(process.env.MONGODB_DATABASE ?? 'booking').collection<ViewDoc>('bookings');
  }
  const watcher = new ViewWatcher({ collection, url });

  let peakRss = process.memoryUsage().rss;
  const lagSamples: number[] = [];
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    void fetch(`${url}/processes`)
      .then((response) => response.json() as Promise<{ view: { lagMs: number | null } }>)
      .then((report) => report.view.lagMs !== null && lagSamples.push(report.view.lagMs))
      .catch(() => undefined);
  }, 2_000);

  const seats = seatsForSale();
  const postMs: number[] = [];
  const toConfirmedMs: number[] = [];
  const counts = { placed: 0, confirmed: 0, denied: 0, settled: 0, failedRequests: 0 };
  const started = performance.now();
  const cpuAtStart = process.cpuUsage();
  let remaining = BOOKINGS;

  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let next = seats.next(); !next.done && remaining > 0; next = seats.next()) {
        remaining -= 1;
        const clientId = `bench-${randomUUID().slice(0, 8)}`;
        const bookingId = randomUUID();
        const placing = performance.now();
        const placed = await post(`${url}/clients/${clientId}/bookings`, { concertId: next.value.concertId, seats: [next.value.seat], bookingId });
        postMs.push(placed.ms);
        if (placed.status !== 201) {
          counts.failedRequests += 1;
          continue;
        }
        counts.placed += 1;
        const decided = await watcher.until(clientId, bookingId, ['Confirmed', 'Denied']);
        if (decided.status !== 'Confirmed') {
          counts.denied += 1;
          continue;
        }
        toConfirmedMs.push(performance.now() - placing);
        counts.confirmed += 1;
        const paid = await post(`${url}/payments`, { paymentId: randomUUID(), bookingId, amount: decided.totalPrice });
        if (paid.status !== 201) counts.failedRequests += 1;
        await watcher.until(clientId, bookingId, ['Settled']);
        counts.settled += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  clearInterval(sampler);

  console.log(
    JSON.stringify(
      {
        target: externalUrl ?? `in-process service on ${serversDescription(serversMode)}`,
        concurrency: CONCURRENCY,
        seconds: Math.round(seconds * 100) / 100,
        ...counts,
        completedBookingsPerSecond: Math.round((counts.settled / seconds) * 10) / 10,
        postBookingMs: { p50: percentile(postMs, 50), p99: percentile(postMs, 99) },
        placingToConfirmedInViewMs: { p50: percentile(toConfirmedMs, 50), p99: percentile(toConfirmedMs, 99) },
        viewLagMs: { p50: percentile(lagSamples, 50), max: lagSamples.length ? Math.max(...lagSamples) : null },
        // This process's CPU time per booking: the service and the load generator (and the embedded servers when
        // inline), whatever else the machine was doing; its RSS likewise.
        cpuMsPerCompletedBooking: externalUrl || counts.settled === 0 ? null : Math.round((cpuSeconds * 1000) / counts.settled),
        peakRssMb: externalUrl ? null : Math.round(peakRss / 1024 / 1024),
      },
      null,
      2,
    ),
  );
  agent.destroy();
  await mongo?.close();
  await service?.stop();
  servers?.child.kill('SIGTERM');
}

await main();
