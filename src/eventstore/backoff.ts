// Jittered exponential backoff: concurrent writers that collided must not retry in lockstep.

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** "Full jitter": a random delay below the exponential cap spreads the retries of a crowd apart. */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.floor(random() * cap);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
