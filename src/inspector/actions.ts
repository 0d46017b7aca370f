// The inspector's actions (replay, reset, enable, disable): same-site POSTs only, each one logged with who asked and how it went.
import type { Request, Response } from 'express';
import type { Logger } from 'winston';
import { requestIdOf } from '../http/request-id.js';
import type { Outcome } from './layout.js';

/**
 * A browser names the page a POST comes from in `Origin`; it must be this service's own host. Without `Origin`
 * (curl, or an old browser), `Sec-Fetch-Site` must not say the request crossed sites; without either it is a
 * tool, not a browser page, and a page on another site cannot make a browser send neither.
 */
export function isSameSite(req: Request): boolean {
  const origin = req.get('origin');
  if (origin !== undefined) {
    if (origin === 'null') return false;
    try {
      return new URL(origin).host === req.get('host');
    } catch {
      return false;
    }
  }
  const site = req.get('sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** Who asked: the operator as the guard saw them (it sets `res.locals.operator`), and from which address. */
function who(req: Request, res: Response): string {
  const operator = res.locals.operator;
  return `${typeof operator === 'string' ? operator : 'anonymous'} at ${req.ip ?? 'unknown address'}`;
}

export interface ActionRun {
  /** e.g. `replay-parked`, `projection-reset`. */
  readonly action: string;
  /** What it acts on, e.g. `$et-PaymentSucceeded::booking-payment`. */
  readonly target: string;
  readonly run: () => Promise<string>;
}

/** Refused (cross-site) → null: the caller answers 403. Otherwise runs the action and says how it went. */
export async function performAction(
  req: Request,
  res: Response,
  logger: Logger,
  { action, target, run }: ActionRun,
): Promise<Outcome | null> {
  const base = {
    action,
    target,
    who: who(req, res),
    requestId: requestIdOf(res.locals),
    userAgent: req.get('user-agent') ?? null,
  };
  if (!isSameSite(req)) {
    logger.warn('inspector action refused: cross-site request', {
      ...base,
      origin: req.get('origin') ?? null,
      fetchSite: req.get('sec-fetch-site') ?? null,
    });
    return null;
  }
  try {
    const message = await run();
    logger.info('inspector action', { ...base, ok: true });
    return { ok: true, message };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    logger.warn('inspector action failed', { ...base, ok: false, error: reason });
    return { ok: false, message: `${action} of ${target} failed: ${reason}` };
  }
}
