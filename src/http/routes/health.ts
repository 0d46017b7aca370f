// Liveness (the process answers) and readiness (what it depends on answers); readiness probes are given by the composition root.
import type { Logger } from 'winston';
import { z } from 'zod';
import { failureName } from '../../store-failures.js';
import { defineRoute, type Route } from '../route.js';
import { readinessSchema } from '../schemas.js';
import type { InstanceIdentity } from '../../roles.js';

export interface ReadinessProbe {
  readonly name: string;
  /**
   * Resolves when the component is usable, with the state to show ('up' when it says nothing); rejects (or times out)
   * otherwise: with a NotReadyError naming the state, or with any error, shown as 'unavailable'.
   */
  check(): Promise<string | void>;
}

/** A component that answers but is not ready yet, in a state worth naming (rebuilding, resubscribing). */
export class NotReadyError extends Error {
  readonly code = 'NotReady';
  override readonly name = 'NotReadyError';

  constructor(readonly state: string) {
    super(state);
  }
}

export interface CheckResult {
  readonly ok: boolean;
  /** A word for the component's state: never an address or a driver's text (those go to the log). */
  readonly state: string;
}

const probeTimeoutMs = 2000;

async function run(probe: ReadinessProbe, logger: Logger | undefined): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'no answer'>((resolve) => {
    timer = setTimeout(() => resolve('no answer'), probeTimeoutMs);
  });
  try {
    const outcome = await Promise.race([probe.check().then((state) => ({ state: state || 'up' })), timeout]);
    if (outcome === 'no answer') {
      logger?.warn('readiness check timed out', { component: probe.name, timeoutMs: probeTimeoutMs });
      return { ok: false, state: 'no answer' };
    }
    return { ok: true, state: outcome.state };
  } catch (error) {
    if (error instanceof NotReadyError) return { ok: false, state: error.state };
    logger?.warn('readiness check failed', {
      component: probe.name,
      failure: failureName(error),
      error: String(error),
    });
    return { ok: false, state: 'unavailable' };
  } finally {
    clearTimeout(timer);
  }
}

export function healthRoutes(probes: readonly ReadinessProbe[], logger?: Logger, identity?: InstanceIdentity): Route[] {
  const liveness = defineRoute({
    method: 'get',
    path: '/health',
    access: 'public',
    summary: 'Liveness',
    responses: { 200: { description: 'The process answers', schema: z.object({ status: z.literal('ok') }) } },
    handle(_input, res) {
      res.json({ status: 'ok' });
    },
  });

  const readiness = defineRoute({
    method: 'get',
    path: '/ready',
    access: 'public',
    summary: 'Readiness of EventStoreDB, MongoDB, the system projections and the processes',
    responses: {
      200: { description: 'Ready', schema: readinessSchema },
      503: { description: 'Not ready', schema: readinessSchema },
    },
    async handle(_input, res) {
      const results = await Promise.all(probes.map(async (probe) => [probe.name, await run(probe, logger)] as const));
      const ready = results.every(([, result]) => result.ok);
      const instance = identity ? { instance: { id: identity.id, roles: [...identity.roles] } } : {};
      res
        .status(ready ? 200 : 503)
        .json({ status: ready ? 'ready' : 'not ready', checks: Object.fromEntries(results), ...instance });
    },
  });

  return [liveness, readiness];
}
