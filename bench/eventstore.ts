// Benchmark of the embedded EventStoreDB through the real client, in memory and with a data directory; prints JSON.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  EventStoreDBClient,
  START,
  jsonEvent,
  persistentSubscriptionToStreamSettingsFromDefaults,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { startEventStoreDB } from '../embedded/eventstoredb/index.js';
import { percentile } from './percentile.js';
import { wholeNumberFromEnv } from './settings.js';

/** Seconds each append scenario runs (BENCH_SECONDS); the subscriber scenarios move a fixed number of events. */
const SECONDS = wholeNumberFromEnv('BENCH_SECONDS', 3, 1);
const SUBSCRIBER_EVENTS = wholeNumberFromEnv('BENCH_SUBSCRIBER_EVENTS', 20_000, 1);
const PERSISTENT_EVENTS = wholeNumberFromEnv('BENCH_PERSISTENT_EVENTS', 10_000, 1);

const payload = { concertId: 'c-1', seats: ['A1', 'A2'], price: 4200, note: 'x'.repeat(100) };
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * CPU used by the server process and by this (client) process over one measured interval, in % of
 * one core, and the events the server handled per second of its own CPU: on a shared or busy
 * machine that, not the wall-clock rate, says what the server itself can do.
 */
interface Probe {
  start(): Promise<
    (
      events: number,
    ) => Promise<{ serverCpuPercent: number; clientCpuPercent: number; eventsPerServerCpuSecond: number }>
  >;
}

async function appendScenario(
  client: EventStoreDBClient,
  probe: Probe,
  writers: number,
  batchSize: number,
  label: string,
) {
  const latencies: number[] = [];
  let events = 0;
  const finish = await probe.start();
  const started = performance.now();
  const deadline = started + SECONDS * 1_000;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      const stream = `bench${label}-${writer}`;
      while (performance.now() < deadline) {
        const batch = Array.from({ length: batchSize }, () => jsonEvent({ type: 'SeatsReserved', data: payload }));
        const t = performance.now();
        await client.appendToStream(stream, batch);
        latencies.push(performance.now() - t);
        events += batchSize;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1_000;
  return {
    writers,
    batchSize,
    appendsPerSec: round(latencies.length / elapsed),
    eventsPerSec: round(events / elapsed),
    p50Ms: percentile(latencies, 50, 2),
    p99Ms: percentile(latencies, 99, 2),
    ...(await finish(events)),
  };
}

async function fill(client: EventStoreDBClient, stream: string, count: number) {
  for (let written = 0; written < count; written += 500) {
    await client.appendToStream(
      stream,
      Array.from({ length: Math.min(500, count - written) }, (_, i) => jsonEvent({ type: 'Tick', data: { i } })),
    );
  }
}

async function catchUpScenario(client: EventStoreDBClient, probe: Probe) {
  const stream = 'benchcatchup-1';
  await fill(client, stream, SUBSCRIBER_EVENTS);
  const finish = await probe.start();
  const started = performance.now();
  const subscription = client.subscribeToStream(stream, { fromRevision: START });
  let received = 0;
  await new Promise<void>((resolve, reject) => {
    subscription.on('data', () => {
      if (++received === SUBSCRIBER_EVENTS) resolve();
    });
    subscription.on('error', reject);
  });
  const elapsed = (performance.now() - started) / 1_000;
  const cpu = await finish(SUBSCRIBER_EVENTS);
  await subscription.unsubscribe();
  return { events: SUBSCRIBER_EVENTS, eventsPerSec: round(SUBSCRIBER_EVENTS / elapsed), ...cpu };
}

/**
 * Delivered events are acked one by one, or (`turnAcks`) all those delivered in one turn of the event loop with one
 * ack message, as the service's process consumers do. With bufferSize in flight, delivery of N means N - bufferSize
 * acks were processed.
 */
async function persistentScenario(client: EventStoreDBClient, probe: Probe, turnAcks: boolean) {
  const stream = turnAcks ? 'benchpersistent-turn' : 'benchpersistent-1';
  const group = 'bench';
  const bufferSize = 100;
  await fill(client, stream, PERSISTENT_EVENTS);
  await client.createPersistentSubscriptionToStream(
    stream,
    group,
    persistentSubscriptionToStreamSettingsFromDefaults({ startFrom: START }),
  );
  const finish = await probe.start();
  const started = performance.now();
  const subscription = client.subscribeToPersistentSubscriptionToStream(stream, group, { bufferSize });
  let acked = 0;
  let turn: ResolvedEvent[] = [];
  await new Promise<void>((resolve, reject) => {
    subscription.on('data', (event: ResolvedEvent) => {
      if (!turnAcks) void subscription.ack(event);
      else if (turn.push(event) === 1) {
        setImmediate(() => {
          const events = turn;
          turn = [];
          void subscription.ack(...events);
        });
      }
      if (++acked === PERSISTENT_EVENTS) resolve();
    });
    subscription.on('error', reject);
  });
  const elapsed = (performance.now() - started) / 1_000;
  const cpu = await finish(PERSISTENT_EVENTS);
  await subscription.unsubscribe();
  return {
    events: PERSISTENT_EVENTS,
    bufferSize,
    acks: turnAcks ? 'one message per event-loop turn' : 'one message per event',
    ackedPerSec: round(PERSISTENT_EVENTS / elapsed),
    ...cpu,
  };
}

/**
 * The server runs in its own process, as a real EventStoreDB would, so client and server do not
 * share one thread. It prints its connection string, then its CPU time whenever it gets SIGUSR2.
 */
async function startServerProcess(
  dataDir: string | undefined,
): Promise<{ connectionString: string; child: ChildProcess; probe: Probe }> {
  const args = ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', ...(dataDir ? [dataDir] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<Record<string, unknown>> =>
    JSON.parse((await lines.next()).value as string) as Record<string, unknown>;
  const { connectionString } = (await nextLine()) as { connectionString: string };
  const serverCpuMs = async (): Promise<number> => {
    child.kill('SIGUSR2');
    return (await nextLine()).cpuMs as number;
  };
  const probe: Probe = {
    async start() {
      const server0 = await serverCpuMs();
      const client0 = process.cpuUsage();
      const wall0 = performance.now();
      return async (events) => {
        const wall = performance.now() - wall0;
        const client = process.cpuUsage(client0);
        const server = (await serverCpuMs()) - server0;
        return {
          serverCpuPercent: Math.round((server / wall) * 100),
          clientCpuPercent: Math.round(((client.user + client.system) / 1_000 / wall) * 100),
          eventsPerServerCpuSecond: Math.round(events / (server / 1_000)),
        };
      };
    },
  };
  return { connectionString, child, probe };
}

async function serve(dataDir: string | undefined): Promise<void> {
  process.on('SIGUSR2', () => {
    const { user, system } = process.cpuUsage();
    console.log(JSON.stringify({ cpuMs: (user + system) / 1_000 }));
  });
  const server = await startEventStoreDB({ dataDir });
  console.log(JSON.stringify({ connectionString: server.connectionString }));
  process.once('SIGTERM', () => void server.stop().then(() => process.exit(0)));
}

async function run(dataDir: string | undefined) {
  const { connectionString, child, probe } = await startServerProcess(dataDir);
  const client = EventStoreDBClient.connectionString(connectionString);
  try {
    await appendScenario(client, probe, 4, 10, 'warmup');
    return {
      singleAppends: [
        await appendScenario(client, probe, 1, 1, 's1'),
        await appendScenario(client, probe, 16, 1, 's16'),
      ],
      batchAppends: [
        await appendScenario(client, probe, 1, 100, 'b1'),
        await appendScenario(client, probe, 16, 100, 'b16'),
      ],
      catchUpSubscriber: await catchUpScenario(client, probe),
      persistentSubscription: await persistentScenario(client, probe, false).catch((error: unknown) => ({
        error: String(error),
      })),
      persistentSubscriptionTurnAcks: await persistentScenario(client, probe, true).catch((error: unknown) => ({
        error: String(error),
      })),
    };
  } finally {
    await client.dispose();
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'esdb-bench-'));
  try {
    const memory = await run(undefined);
    const disk = await run(dataDir);
    const report = {
      benchmark: 'embedded EventStoreDB (own process) via @eventstore/db-client 6.2.1',
      node: process.version,
      cpus: cpus().length,
      secondsPerAppendScenario: SECONDS,
      targets: {
        batchedEventsPerSec: 20_000,
        singleAppendsPerSec: 5_000,
        catchUpEventsPerSec: 20_000,
        persistentAckedPerSec: 5_000,
      },
      memory,
      dataDirectory: disk,
    };
    console.log(JSON.stringify(report, null, 2));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--serve') await serve(process.argv[3]);
else await main();
