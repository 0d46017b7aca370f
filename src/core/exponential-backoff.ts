// Exponential backoff with jitter: how long to wait before retry `attempt`, so that callers that failed together do not retry in lockstep.

export interface BackoffPolicy {
  /** The ceiling of attempt 0; it doubles with every attempt… */
  readonly initialMs: number;
  /** …up to this. */
  readonly maxMs: number;
}

/** Attempt `attempt` (0-based) waits at most this long. */
export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt));
}

/**
 * Full jitter: anywhere in [0, ceiling). Spreads a crowd the most; for writers that lost a race for a stream, where
 * waiting at all is only worth it to stop colliding again.
 */
export function fullJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}

/**
 * Equal jitter: half the ceiling for sure, the other half at random, in [ceiling/2, ceiling]. For a failing
 * dependency (a server restart drops every consumer at once): each retry still waits a real while, and the
 * retries of many consumers are spread over the other half.
 */
export function equalJitterDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(attempt, policy);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Resolves after `ms`, or at once when `signal` aborts: a stopping service does not wait out a backoff. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
