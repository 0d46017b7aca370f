// Benchmark of the embedded MongoDB server through the official driver; prints one JSON object.
// The server runs in a child process (started by this same file with --serve) so that the driver
// and the server each have a core, as they would with a real mongod.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { startMongoDB } from '../embedded/mongodb/index.js';
import { wholeNumberFromEnv } from './settings.js';

const TOTAL = wholeNumberFromEnv('BENCH_DOCUMENTS', 1_000_000, 1);
const SINGLE_OPS = wholeNumberFromEnv('BENCH_SINGLE_OPS', 5_000, 1);
const BATCH = 1_000;
/** The projected-find scenario: a collection of view documents, polled 64 ids at a time. */
const PROJECTED_DOCUMENTS = wholeNumberFromEnv('BENCH_PROJECTED_DOCUMENTS', 100_000, 1);
const POLLED_IDS = 64;
/** Operations kept in flight by the concurrent variants, over the driver's default pool (maxPoolSize 100). */
const IN_FLIGHT = wholeNumberFromEnv('BENCH_IN_FLIGHT', 16, 1);
/** Linux reports process CPU time in clock ticks of 1/100 s. */
const TICK_MS = 10;

async function serve(): Promise<void> {
  const server = await startMongoDB({ port: 0 });
  process.stdout.write(`${server.connectionString}\n`);
  process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

interface ServerHandle {
  uri: string;
  /** CPU time the server process has used so far (ms), when the platform tells. */
  cpuMs(): number | undefined;
  stop(): void;
}

async function startServerProcess(): Promise<ServerHandle> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192` },
  });
  const uri = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  const cpuMs = (): number | undefined => {
    try {
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    } catch {
      return undefined;
    }
  };
  return { uri, cpuMs, stop: () => child.kill('SIGTERM') };
}

interface Measured {
  perSecond: number;
  /** Server CPU per operation: what the server needs, whatever else the machine is running. */
  serverCpuMicrosPerOp: number | null;
  /** Throughput if the server had a core of its own: ops per second of server CPU. */
  perServerCpuSecond: number | null;
  /** This process's CPU per operation (the driver): when it is near the server's, the client limits the rate. */
  clientCpuMicrosPerOp: number;
}

async function measure(server: ServerHandle, count: number, run: () => Promise<void>): Promise<Measured> {
  const cpuBefore = server.cpuMs();
  const clientBefore = process.cpuUsage();
  const started = performance.now();
  await run();
  const ms = performance.now() - started;
  const client = process.cpuUsage(clientBefore);
  const cpuAfter = server.cpuMs();
  const cpu = cpuBefore === undefined || cpuAfter === undefined ? undefined : Math.max(cpuAfter - cpuBefore, TICK_MS);
  return {
    perSecond: Math.round((count / ms) * 1000),
    serverCpuMicrosPerOp: cpu === undefined ? null : Math.round((cpu * 1000) / count),
    perServerCpuSecond: cpu === undefined ? null : Math.round((count / cpu) * 1000),
    clientCpuMicrosPerOp: Math.round((client.user + client.system) / count),
  };
}

/** Runs op(0..count-1) with `inFlight` operations outstanding at any time, like that many concurrent requests. */
async function concurrently(count: number, inFlight: number, op: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) await op(next++);
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
}

function booking(i: number): Document {
  return {
    bookingId: `b${i}`,
    clientId: `c${i % 10_000}`,
    placedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    status: ['AwaitingConfirmation', 'Confirmed', 'Settled', 'Expired'][i % 4],
    expiresAt: new Date(Date.UTC(2026, 0, 1) + i * 1000 + 900_000),
    seats: [{ row: 1 + (i % 30), number: 1 + (i % 50) }],
    totalPrice: 50_000,
  };
}

/** A view document as the booking projector writes it, with the booking id as `_id`. */
function viewBooking(i: number): Document {
  return {
    _id: `b${i}`,
    bookingId: `b${i}`,
    clientId: `c${i % 10_000}`,
    concertId: `k${i % 20}`,
    seats: [
      { row: 1 + (i % 30), number: 1 + (i % 50) },
      { row: 1 + (i % 30), number: 2 + (i % 50) },
    ],
    status: ['AwaitingConfirmation', 'Confirmed', 'Settled', 'Expired'][i % 4],
    totalPrice: 50_000,
    expiresAt: new Date(Date.UTC(2026, 0, 1) + i * 1000 + 900_000),
    revision: i % 7,
  };
}

/** The load generator's poller: some bookings by `_id`, still in given states, three fields of each. */
async function pollBookings(collection: Collection, i: number): Promise<void> {
  const ids = Array.from({ length: POLLED_IDS }, (_, j) => `b${(i * 7919 + j * 104_729) % PROJECTED_DOCUMENTS}`);
  const found = await collection
    .find(
      { _id: { $in: ids as never[] }, status: { $in: ['AwaitingConfirmation', 'Confirmed'] } },
      { projection: { bookingId: 1, status: 1, totalPrice: 1 } },
    )
    .toArray();
  if (found.length === 0 || Object.keys(found[0]).length !== 4)
    throw new Error('projected find returned the wrong shape');
}

async function main(): Promise<void> {
  const external = process.env.MONGODB_URI;
  const server: ServerHandle = external
    ? { uri: external, cpuMs: () => undefined, stop: () => {} }
    : await startServerProcess();
  // On a shared, loaded machine a heartbeat can wait behind a long batch; the default 30 s monitor
  // timeout would then clear the pool mid-run. This measures throughput, not failover.
  // The default pool (maxPoolSize 100): sequential figures use one connection, concurrent ones up to IN_FLIGHT.
  const client = new MongoClient(server.uri, { connectTimeoutMS: 120_000 });
  await client.connect();
  const db = client.db(`bench_${Date.now()}`);
  // Figures depend heavily on what else the machine runs: the load average goes in the report.
  const loadBefore = loadavg()[0];
  try {
    const singles = db.collection('singles');
    const singleInserts = await measure(server, SINGLE_OPS, async () => {
      for (let i = 0; i < SINGLE_OPS; i++) await singles.insertOne(booking(i));
    });

    const concurrentSingles = db.collection('singlesConcurrent');
    const singleInsertsConcurrent = await measure(server, SINGLE_OPS, () =>
      concurrently(SINGLE_OPS, IN_FLIGHT, async (i) => void (await concurrentSingles.insertOne(booking(i)))),
    );

    const view: Collection = db.collection('view');
    await view.createIndexes([
      { key: { bookingId: 1 }, unique: true },
      { key: { clientId: 1, placedAt: -1 } },
      { key: { status: 1, expiresAt: 1 } },
    ]);
    const batchedInserts = await measure(server, TOTAL, async () => {
      for (let start = 0; start < TOTAL; start += BATCH) {
        await view.insertMany(Array.from({ length: Math.min(BATCH, TOTAL - start) }, (_, j) => booking(start + j)));
      }
    });

    const upserts = db.collection('upserts');
    const upsertsById = await measure(server, SINGLE_OPS, async () => {
      for (let i = 0; i < SINGLE_OPS; i++) {
        await upserts.updateOne(
          { _id: `u${i % (SINGLE_OPS / 2)}` as never },
          { $set: { revision: i }, $setOnInsert: { createdAt: new Date() } },
          { upsert: true },
        );
      }
    });

    const concurrentUpserts = db.collection('upsertsConcurrent');
    const upsertsByIdConcurrent = await measure(server, SINGLE_OPS, () =>
      concurrently(SINGLE_OPS, IN_FLIGHT, async (i) => {
        await concurrentUpserts.updateOne(
          { _id: `u${i % (SINGLE_OPS / 2)}` as never },
          { $set: { revision: i }, $setOnInsert: { createdAt: new Date() } },
          { upsert: true },
        );
      }),
    );

    const findOne = async (i: number): Promise<void> => {
      const found = await view.findOne({ bookingId: `b${(i * 7919) % TOTAL}` });
      if (!found) throw new Error('indexed find missed a document');
    };
    const indexedFinds = await measure(server, SINGLE_OPS, async () => {
      for (let i = 0; i < SINGLE_OPS; i++) await findOne(i);
    });
    const indexedFindsConcurrent = await measure(server, SINGLE_OPS, () =>
      concurrently(SINGLE_OPS, IN_FLIGHT, findOne),
    );

    const projected = db.collection('projected');
    for (let start = 0; start < PROJECTED_DOCUMENTS; start += BATCH) {
      await projected.insertMany(
        Array.from({ length: Math.min(BATCH, PROJECTED_DOCUMENTS - start) }, (_, j) => viewBooking(start + j)),
      );
    }
    const projectedFinds = await measure(server, SINGLE_OPS, async () => {
      for (let i = 0; i < SINGLE_OPS; i++) await pollBookings(projected, i);
    });
    const projectedFindsConcurrent = await measure(server, SINGLE_OPS, () =>
      concurrently(SINGLE_OPS, IN_FLIGHT, (i) => pollBookings(projected, i)),
    );

    // Confirmed bookings are every 4th one, placed a second apart: 400 s of expiry covers 100 of them.
    const rangeTimes: number[] = [];
    for (let run = 0; run < 20; run++) {
      const from = Date.UTC(2026, 0, 1) + 900_000 + Math.floor((TOTAL / 2) * Math.random()) * 1000;
      let returned = 0;
      const started = performance.now();
      returned = (
        await view
          .find({ status: 'Confirmed', expiresAt: { $gte: new Date(from), $lt: new Date(from + 400_000) } })
          .toArray()
      ).length;
      rangeTimes.push(performance.now() - started);
      if (returned !== 100) throw new Error(`range query returned ${returned} documents, expected 100`);
    }
    rangeTimes.sort((a, b) => a - b);

    console.log(
      JSON.stringify(
        {
          target: external ? 'MONGODB_URI' : 'embedded (server in a child process)',
          cores: availableParallelism(),
          loadAverage1m: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0].toFixed(2)) },
          documents: TOTAL,
          sequential: {
            note: 'one operation at a time from one client: each figure is 1 / round-trip latency (driver + server + wake-ups)',
            singleInsertsPerSecond: singleInserts.perSecond,
            upsertsByIdPerSecond: upsertsById.perSecond,
            indexedFindsPerSecond: indexedFinds.perSecond,
            projectedFindsPerSecond: projectedFinds.perSecond,
          },
          concurrent: {
            note: `${IN_FLIGHT} operations in flight from one client over the driver's default pool: the server's throughput`,
            inFlight: IN_FLIGHT,
            singleInsertsPerSecond: singleInsertsConcurrent.perSecond,
            upsertsByIdPerSecond: upsertsByIdConcurrent.perSecond,
            indexedFindsPerSecond: indexedFindsConcurrent.perSecond,
            projectedFindsPerSecond: projectedFindsConcurrent.perSecond,
          },
          projectedFinds: `find by _id $in ${POLLED_IDS} ids and status $in 2 states, projection of 3 fields, over ${PROJECTED_DOCUMENTS} view documents`,
          batchedInsertsPerSecond: batchedInserts.perSecond,
          batchSize: BATCH,
          rangeQuery100Of: TOTAL,
          rangeQueryMedianMs: Number(rangeTimes[rangeTimes.length >> 1].toFixed(2)),
          rangeQueryFastestMs: Number(rangeTimes[0].toFixed(2)),
          rangeQueryP95Ms: Number(rangeTimes[Math.floor(rangeTimes.length * 0.95)].toFixed(2)),
          serverCpu: {
            note: 'server process CPU per operation, operations per second of server CPU (the rate with a free core), and the driver process CPU per operation',
            singleInserts,
            batchedInserts,
            upsertsById,
            indexedFinds,
            [`singleInserts${IN_FLIGHT}InFlight`]: singleInsertsConcurrent,
            [`upsertsById${IN_FLIGHT}InFlight`]: upsertsByIdConcurrent,
            [`indexedFinds${IN_FLIGHT}InFlight`]: indexedFindsConcurrent,
            projectedFinds,
            [`projectedFinds${IN_FLIGHT}InFlight`]: projectedFindsConcurrent,
          },
        },
        null,
        2,
      ),
    );
  } finally {
    await db.dropDatabase().catch(() => {});
    await client.close();
    server.stop();
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
