// BENCH_INSTANCES / BENCH_ROLES: the service benchmark's instances as `npm start` processes of their own, sharing the
// embedded servers' process, so that the figures show what several instances (or roles split over them) do for one
// machine. CPU is read from /proc for each process (Linux), threads included.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { parseRoles } from '../src/roles.js';
import { wholeNumberFromEnv } from './settings.js';

export interface InstancesPlan {
  readonly count: number;
  /** Per instance, the SERVICE_ROLES it runs. */
  readonly roles: readonly string[];
}

/**
 * BENCH_INSTANCES (default 1) instances; BENCH_ROLES gives each one's roles, `;`-separated (e.g. `api;processes,view,expirer`),
 * the last repeated for the remaining instances; unset, every instance runs every role. Undefined: the single in-process
 * service of the plain benchmark.
 */
export function instancesPlan(): InstancesPlan | undefined {
  const count = wholeNumberFromEnv('BENCH_INSTANCES', 1, 1);
  const raw = process.env.BENCH_ROLES?.trim();
  if (count === 1 && !raw) return undefined;
  const given = raw ? raw.split(';') : ['api,processes,view,expirer'];
  const roles = Array.from({ length: count }, (_, i) => given[Math.min(i, given.length - 1)]!.trim());
  for (const one of roles) {
    const parsed = parseRoles(one);
    if (typeof parsed === 'string') throw new Error(`BENCH_ROLES: ${parsed}`);
  }
  if (!roles.some((one) => (parseRoles(one) as string[]).includes('api')))
    throw new Error('BENCH_ROLES: no instance runs the api role');
  return { count, roles };
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

/** CPU seconds a process has used so far, all its threads (from /proc/<pid>/stat; clock ticks of 1/100 s). */
export function processCpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export interface RunningInstances {
  /** The API instances' addresses, for the load generator. */
  readonly apiUrls: string[];
  /** Every instance's address (each answers GET /processes). */
  readonly urls: string[];
  readonly pids: number[];
  stop(): Promise<void>;
}

/** `secrets`: the run's credentials (AUTH_JWT_SECRET, …), the same for every instance and for the load generator. */
export async function startInstances(
  plan: InstancesPlan,
  servers: { eventStore: string; mongo: string },
  database: string,
  secrets: Record<string, string> = {},
): Promise<RunningInstances> {
  const children: ChildProcess[] = [];
  const urls: { url: string; api: boolean }[] = [];
  for (const [index, roles] of plan.roles.entries()) {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import=tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        ...secrets,
        PORT: String(port),
        EVENTSTORE_CONNECTION_STRING: servers.eventStore,
        MONGODB_URI: servers.mongo,
        MONGODB_DATABASE: database,
        SERVICE_ROLES: roles,
        INSTANCE_ID: `bench-${index + 1}`,
        LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    children.push(child);
    urls.push({ url: `http://127.0.0.1:${port}`, api: (parseRoles(roles) as string[]).includes('api') });
  }
  // Ready once every instance says so (its processes subscribed, the view's writer known).
  for (const { url } of urls) {
    for (let attempt = 0; ; attempt++) {
      const ready = await fetch(`${url}/ready`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) break;
      if (attempt > 600) throw new Error(`${url} was not ready within a minute`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    apiUrls: urls.filter((one) => one.api).map((one) => one.url),
    urls: urls.map((one) => one.url),
    pids: children.map((child) => child.pid!),
    async stop() {
      await Promise.all(
        children.map(async (child) => {
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          await exited;
        }),
      );
    },
  };
}
