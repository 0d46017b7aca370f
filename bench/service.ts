// Benchmark of the whole service over HTTP: concurrent clients place and pay bookings on both concerts; prints JSON.
// `npm run bench` starts the service in-process on the embedded servers; `npm run bench -- http://host:3000` drives a
// running one (give MONGODB_URI and MONGODB_DATABASE to watch its view directly, otherwise the view is polled over HTTP).
// The clients run in a process of their own (bench/load-generator.ts), as they would on another machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/core/clock.js';
import { createLogger } from '../src/logger.js';
import type { RunningService } from '../src/service.js';
import { startThreadedService } from '../src/threaded-service.js';
import { secretsFromEnvironment } from '../scripts/credentials.js';
import { instancesPlan, processCpuSeconds, startInstances, type RunningInstances } from './instances.js';
import { percentile } from './percentile.js';
import { serviceLoad } from './settings.js';

/**
 * BENCH_CONCURRENCY clients in a closed loop, or BENCH_RATE bookings started a second however many are still in flight
 * (open loop); BENCH_WARMUP bookings first, not measured, then BENCH_BOOKINGS measured (bench/settings.ts).
 */
const { concurrency: CONCURRENCY, warmup: WARMUP, rate: RATE } = serviceLoad();

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
      for (const [, key, value] of chunk.toString().matchAll(/^(EVENTSTORE_CONNECTION_STRING|MONGODB_URI)=(.+)$/gm))
        found[key!] = value!;
      if (found.EVENTSTORE_CONNECTION_STRING && found.MONGODB_URI) resolve();
    });
  });
  return { child, eventStore: found.EVENTSTORE_CONNECTION_STRING!, mongo: found.MONGODB_URI! };
}

/** Which servers the in-process service talks to: the ones the environment names win, as in `npm start`. */
function serversDescription(mode: string): string {
  if (mode === 'child') return 'embedded servers in a child process';
  const named = [process.env.EVENTSTORE_CONNECTION_STRING, process.env.MONGODB_URI].filter(Boolean);
  return named.length > 0
    ? `the servers named in the environment (${named.join(', ')})`
    : 'embedded servers in a worker thread of the same process';
}

interface LoadResult {
  seconds: number;
  counts: { placed: number; confirmed: number; denied: number; settled: number; failedRequests: number };
  postBookingMs: { p50: number | null; p99: number | null };
  placingToConfirmedInViewMs: { p50: number | null; p99: number | null };
  cpuSeconds: number;
}

/**
 * Runs bench/load-generator.ts against the service and returns what it printed; `onMeasuring` is called when its
 * warm-up is over and the measured bookings start.
 */
async function generateLoad(env: Record<string, string | undefined>, onMeasuring: () => void): Promise<LoadResult> {
  const child = spawn(process.execPath, ['--import=tsx', 'bench/load-generator.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  let announced = false;
  child.stdout!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    if (!announced && output.includes('"phase":"measuring"')) {
      announced = true;
      onMeasuring();
    }
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  return JSON.parse(output.trim().split('\n').at(-1)!) as LoadResult;
}

async function main() {
  const externalUrl = process.argv[2] ?? process.env.BENCH_URL;
  let service: RunningService | undefined;
  let url = externalUrl;
  let servers: Awaited<ReturnType<typeof embeddedServersInChild>> | undefined;
  const serversMode = process.env.BENCH_SERVERS ?? 'inline';
  const watchedView = {
    BENCH_MONGODB_URI: process.env.MONGODB_URI,
    BENCH_MONGODB_DATABASE: process.env.MONGODB_DATABASE,
  };
  // A service started here gets secrets of this run's own, given to the clients too; a running one is driven with the
  // secrets of the environment (or the development ones, as `npm start` uses).
  const runSecrets: Record<string, string> = {};
  if (!url) {
    for (const name of ['AUTH_JWT_SECRET', 'PAYMENT_WEBHOOK_SECRET', 'OPERATOR_TOKEN'])
      runSecrets[name] = randomBytes(32).toString('hex');
  }
  const { secrets } = secretsFromEnvironment({ ...process.env, ...runSecrets });
  const plan = url ? undefined : instancesPlan();
  let instances: RunningInstances | undefined;
  let reportUrls = url ? [url] : [];
  if (!url && plan) {
    // Several instances: `npm start` processes of their own on the embedded servers' process, all measured from /proc.
    servers = await embeddedServersInChild();
    instances = await startInstances(plan, servers, 'booking', runSecrets);
    url = instances.apiUrls.join(',');
    reportUrls = instances.urls;
    watchedView.BENCH_MONGODB_URI = servers.mongo;
    watchedView.BENCH_MONGODB_DATABASE = 'booking';
  }
  if (!url) {
    if (serversMode === 'child') servers = await embeddedServersInChild();
    // Processes log every step at info; at that level the log itself becomes what is measured.
    const config = loadConfig({
      ...process.env,
      PORT: '0',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      AUTH_JWKS_URL: undefined,
      ...runSecrets,
      // Each run sells every seat again: nothing kept from the last one.
      EMBEDDED_DATA_DIR: process.env.EMBEDDED_DATA_DIR ?? 'memory',
      ...(servers ? { EVENTSTORE_CONNECTION_STRING: servers.eventStore, MONGODB_URI: servers.mongo } : {}),
    });
    service = await startThreadedService(config, {
      logger: createLogger({ level: config.logLevel, pretty: false }),
      clock: systemClock,
    });
    url = service.url;
    reportUrls = [url];
    watchedView.BENCH_MONGODB_URI = service.servers.mongoUri;
    watchedView.BENCH_MONGODB_DATABASE = service.servers.mongoDatabase;
  }

  // Every measure starts once the warm-up is over.
  let peakRss = 0;
  const lagSamples: number[] = [];
  let measuring = false;
  const sampler = setInterval(() => {
    if (!measuring) return;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    // Only the instance writing the view knows its lag; the others report null.
    for (const one of reportUrls) {
      void fetch(`${one}/processes`, { headers: { authorization: `Bearer ${secrets.operatorToken}` } })
        .then((response) => response.json() as Promise<{ view: { lagMs: number | null; writer?: { here: boolean } } }>)
        .then(
          (report) =>
            report.view.lagMs !== null && (report.view.writer?.here ?? true) && lagSamples.push(report.view.lagMs),
        )
        .catch(() => undefined);
    }
  }, 2_000);
  // Several instances: every process of the system but the load generator (the instances and the servers' process).
  const measured = instances && servers ? [...instances.pids, servers.child.pid!] : [];
  const cpuNow = () => measured.map((pid) => processCpuSeconds(pid));
  let processesCpuAtStart = cpuNow();
  let cpuAtStart = process.cpuUsage();
  let serviceLoopAtStart = performance.eventLoopUtilization();
  let serversLoopAtStart = service?.servers.eventLoopUtilization?.();
  const load = await generateLoad({ BENCH_URL: url, ...watchedView, ...runSecrets }, () => {
    measuring = true;
    peakRss = process.memoryUsage().rss;
    cpuAtStart = process.cpuUsage();
    processesCpuAtStart = cpuNow();
    serviceLoopAtStart = performance.eventLoopUtilization();
    serversLoopAtStart = service?.servers.eventLoopUtilization?.();
  });
  const cpu = process.cpuUsage(cpuAtStart);
  const processesCpu = cpuNow().map((seconds, i) => seconds - processesCpuAtStart[i]!);
  const serviceLoop = performance.eventLoopUtilization(serviceLoopAtStart);
  const serversLoop = serversLoopAtStart && service?.servers.eventLoopUtilization?.(serversLoopAtStart);
  clearInterval(sampler);
  const { counts, seconds } = load;
  const perBooking = (cpuSeconds: number) =>
    counts.settled === 0 ? null : Math.round((cpuSeconds * 10_000) / counts.settled) / 10;

  console.log(
    JSON.stringify(
      {
        target:
          externalUrl ??
          (plan
            ? `${plan.count} instances (npm start processes) on embedded servers in a child process`
            : `in-process service on ${serversDescription(serversMode)}`),
        ...(plan ? { instances: plan.roles.map((roles, i) => ({ id: `bench-${i + 1}`, roles })) } : {}),
        ...(process.env.SERVICE_WORKER_ROLES && !plan && !externalUrl
          ? { rolesInWorkerThread: process.env.SERVICE_WORKER_ROLES }
          : {}),
        ...(RATE > 0 ? { openLoopBookingsStartedPerSecond: RATE } : { concurrency: CONCURRENCY }),
        warmupBookings: WARMUP,
        seconds: Math.round(seconds * 100) / 100,
        ...counts,
        completedBookingsPerSecond: Math.round((counts.settled / seconds) * 10) / 10,
        postBookingMs: load.postBookingMs,
        placingToConfirmedInViewMs: load.placingToConfirmedInViewMs,
        viewLagMs: { p50: percentile(lagSamples, 50), max: lagSamples.length ? Math.max(...lagSamples) : null },
        // CPU time per completed booking: of this process (the service, and the embedded servers when they run in its
        // worker thread), and of the load generator's process; whatever else the machine was doing meanwhile.
        serviceCpuMsPerCompletedBooking: externalUrl
          ? null
          : perBooking(plan ? processesCpu.reduce((a, b) => a + b, 0) : (cpu.user + cpu.system) / 1e6),
        ...(plan
          ? {
              cpuMsPerCompletedBookingByProcess: {
                instances: processesCpu.slice(0, -1).map((seconds) => perBooking(seconds)),
                embeddedServers: perBooking(processesCpu.at(-1)!),
              },
            }
          : {}),
        loadGeneratorCpuMsPerCompletedBooking: perBooking(load.cpuSeconds),
        peakRssMb: externalUrl ? null : Math.round(peakRss / 1024 / 1024),
        // The share of the run each event loop was busy: the one near 1 is what limits the rate.
        busyShare:
          externalUrl || plan
            ? null
            : {
                serviceThread: Math.round(serviceLoop.utilization * 100) / 100,
                embeddedServersThread: serversLoop ? Math.round(serversLoop.utilization * 100) / 100 : null,
              },
      },
      null,
      2,
    ),
  );
  await service?.stop();
  await instances?.stop();
  servers?.child.kill('SIGTERM');
}

await main();
