// Liveness (the process answers) and readiness (what it depends on answers); readiness probes are given by the composition root.
import { Router } from 'express';

export interface ReadinessProbe {
  readonly name: string;
  /** Resolves when the dependency is usable; rejects (or times out) otherwise. */
  check(): Promise<void>;
}

const probeTimeoutMs = 2000;

async function run(probe: ReadinessProbe): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${probeTimeoutMs} ms`)), probeTimeoutMs);
  });
  try {
    await Promise.race([probe.check(), timeout]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(probes: readonly ReadinessProbe[]): Router {
  const router = Router();

  router.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/ready', async (_req, res) => {
    const results = await Promise.all(probes.map(async (probe) => [probe.name, await run(probe)] as const));
    const ready = results.every(([, result]) => result.ok);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results) });
  });

  return router;
}
