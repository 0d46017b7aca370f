// Benchmark of the embedded MongoDB server through the official driver; prints one JSON object.
// The server runs in a child process (started by this same file with --serve) so that the driver
// and the server each have a core, as they would with a real mongod.
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MongoClient, type Collection, type Document } from 'mongodb';
import { startMongoDB } from '../embedded/mongodb/index.js';

const TOTAL = Number(process.env.BENCH_DOCUMENTS ?? 1_000_000);
const SINGLE_OPS = Number(process.env.BENCH_SINGLE_OPS ?? 5_000);
const BATCH = 1_000;

async function serve(): Promise<void> {
  const server = await startMongoDB({ port: 0 });
  process.stdout.write(`${server.connectionString}\n`);
  process.on('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

async function startServerProcess(): Promise<{ uri: string; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=8192` },
  });
  const uri = await new Promise<string>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { uri, stop: () => child.kill('SIGTERM') };
}

const perSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);

async function timed(fn: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
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

async function main(): Promise<void> {
  const external = process.env.MONGODB_URI;
  const server = external ? { uri: external, stop: () => {} } : await startServerProcess();
  // On a shared, loaded machine a heartbeat can wait behind a long batch; the default 30 s monitor
  // timeout would then clear the pool mid-run. This measures throughput, not failover.
  const client = new MongoClient(server.uri, { maxPoolSize: 4, connectTimeoutMS: 120_000 });
  await client.connect();
  const db = client.db(`bench_${Date.now()}`);
  // Figures depend heavily on what else the machine runs: the load average goes in the report.
  const loadBefore = loadavg()[0];
  try {
    const singles = db.collection('singles');
    const singleMs = await timed(async () => {
      for (let i = 0; i < SINGLE_OPS; i++) await singles.insertOne(booking(i));
    });

    const view: Collection = db.collection('view');
    await view.createIndexes([
      { key: { bookingId: 1 }, unique: true },
      { key: { clientId: 1, placedAt: -1 } },
      { key: { status: 1, expiresAt: 1 } },
    ]);
    const batchMs = await timed(async () => {
      for (let start = 0; start < TOTAL; start += BATCH) {
        await view.insertMany(Array.from({ length: Math.min(BATCH, TOTAL - start) }, (_, j) => booking(start + j)));
      }
    });

    const upserts = db.collection('upserts');
    const upsertMs = await timed(async () => {
      for (let i = 0; i < SINGLE_OPS; i++) {
        await upserts.updateOne({ _id: `u${i % (SINGLE_OPS / 2)}` as never }, { $set: { revision: i }, $setOnInsert: { createdAt: new Date() } }, { upsert: true });
      }
    });

    const findMs = await timed(async () => {
      for (let i = 0; i < SINGLE_OPS; i++) {
        const found = await view.findOne({ bookingId: `b${(i * 7919) % TOTAL}` });
        if (!found) throw new Error('indexed find missed a document');
      }
    });

    // Confirmed bookings are every 4th one, placed a second apart: 400 s of expiry covers 100 of them.
    const rangeTimes: number[] = [];
    for (let run = 0; run < 20; run++) {
      const from = Date.UTC(2026, 0, 1) + 900_000 + Math.floor((TOTAL / 2) * Math.random()) * 1000;
      let returned = 0;
      rangeTimes.push(await timed(async () => {
        returned = (await view.find({ status: 'Confirmed', expiresAt: { $gte: new Date(from), $lt: new Date(from + 400_000) } }).toArray()).length;
      }));
      if (returned !== 100) throw new Error(`range query returned ${returned} documents, expected 100`);
    }
    rangeTimes.sort((a, b) => a - b);

    console.log(JSON.stringify({
      target: external ? 'MONGODB_URI' : 'embedded (server in a child process)',
      cores: availableParallelism(),
      loadAverage1m: { before: Number(loadBefore.toFixed(2)), after: Number(loadavg()[0].toFixed(2)) },
      documents: TOTAL,
      singleInsertsPerSecond: perSecond(SINGLE_OPS, singleMs),
      batchedInsertsPerSecond: perSecond(TOTAL, batchMs),
      upsertsByIdPerSecond: perSecond(SINGLE_OPS, upsertMs),
      indexedFindsPerSecond: perSecond(SINGLE_OPS, findMs),
      rangeQuery100Of: TOTAL,
      rangeQueryMedianMs: Number(rangeTimes[rangeTimes.length >> 1].toFixed(2)),
      rangeQueryP95Ms: Number(rangeTimes[Math.floor(rangeTimes.length * 0.95)].toFixed(2)),
    }, null, 2));
  } finally {
    await db.dropDatabase().catch(() => {});
    await client.close();
    server.stop();
  }
}

if (process.argv.includes('--serve')) await serve();
else await main();
