// `npm start` with SERVICE_WORKER_ROLES: those roles run in a worker thread of the same process, the others on the main
// thread, both on the same servers, so that one process uses more than one core for the service itself.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Config } from './config.js';
import { resolveServers } from './embedded-servers.js';
import type { FromRoleThread } from './role-thread.js';
import { startService, type RunningService, type ServiceDependencies } from './service.js';

/**
 * Each thread is an instance as far as the servers know (its own clients, its own id, `<INSTANCE_ID>-worker` for the
 * thread): the roles share work across threads exactly as across processes (README, "Scaling out"). The embedded
 * servers, when no connection string is given, are started once, here, and both threads use them.
 */
export async function startThreadedService(config: Config, dependencies: ServiceDependencies): Promise<RunningService> {
  const inThread = config.roles.filter((role) => config.workerRoles.includes(role));
  if (inThread.length === 0) return startService(config, dependencies);
  const { logger } = dependencies;
  const servers = await resolveServers(config, logger, dependencies.onEmbeddedServersLost);
  const onServers = {
    ...config,
    eventStoreConnectionString: servers.eventStoreConnectionString,
    mongoUri: servers.mongoUri,
  };
  let thread: RoleThread | undefined;
  try {
    thread = await startRoleThread({
      ...onServers,
      roles: inThread,
      port: 0,
      instanceId: `${config.instanceId}-worker`,
    });
    logger.info('roles started in a worker thread', { roles: inThread, instance: `${config.instanceId}-worker` });
    const main = await startService(
      { ...onServers, roles: config.roles.filter((role) => !inThread.includes(role)) },
      dependencies,
    );
    return {
      ...main,
      servers: { ...main.servers, eventLoopUtilization: servers.eventLoopUtilization },
      async stop() {
        await main.stop();
        await thread!.stop();
        await servers.stop();
      },
    };
  } catch (error) {
    await thread?.stop();
    await servers.stop();
    throw error;
  }
}

interface RoleThread {
  stop(): Promise<void>;
}

/** role-thread.ts; under tsx (the TypeScript sources) the thread registers tsx first, as embedded/in-worker.ts does. */
function threadEntry(): { entry: URL | string; eval: boolean } {
  const source = new URL('./role-thread.ts', import.meta.url);
  if (!existsSync(fileURLToPath(source))) return { entry: new URL('./role-thread.js', import.meta.url), eval: false };
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  return {
    entry: `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(source.href)}); });`,
    eval: true,
  };
}

function startRoleThread(config: Config): Promise<RoleThread> {
  const { entry, eval: evaluate } = threadEntry();
  const worker = new Worker(entry, { eval: evaluate, workerData: { config, pretty: Boolean(process.stdout.isTTY) } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  const stop = async () => {
    worker.postMessage({ type: 'stop' });
    await exited;
  };
  return new Promise((resolve, reject) => {
    worker.on('message', (message: FromRoleThread) => {
      if (message.type === 'ready') resolve({ stop });
      if (message.type === 'failed') reject(new Error(`the roles' worker thread failed to start: ${message.message}`));
    });
    worker.once('error', reject);
    void exited.then(() => reject(new Error("the roles' worker thread ended before it was ready")));
  });
}
