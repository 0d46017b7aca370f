// The benchmarks' settings from the environment: whole numbers with defaults; a value that is not one stops the run,
// naming the variable, rather than turning into NaN and a run that measures something else.

export function wholeNumberFromEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} must be a whole number of at least ${min}, not "${raw ?? fallback}"`);
  return value;
}

/** Both concerts: 30 rows of 50 seats each. One seat per booking, so a run books at most this many. */
export const SEATS_FOR_SALE = 3_000;

export interface ServiceLoad {
  /** Clients of the closed loop, each booking again once its last booking settled. */
  readonly concurrency: number;
  /** Bookings run first, the same way, and not measured. */
  readonly warmup: number;
  /** Measured bookings. */
  readonly bookings: number;
  /** Bookings started per second in an open loop; 0 runs the closed loop instead. */
  readonly rate: number;
}

/** The service benchmark's load: read alike by bench/service.ts and by the load generator it starts. */
export function serviceLoad(): ServiceLoad {
  const warmup = wholeNumberFromEnv('BENCH_WARMUP', 200);
  const bookings = wholeNumberFromEnv('BENCH_BOOKINGS', Math.max(1, SEATS_FOR_SALE - warmup), 1);
  if (warmup + bookings > SEATS_FOR_SALE) {
    throw new Error(
      `BENCH_WARMUP + BENCH_BOOKINGS must be at most ${SEATS_FOR_SALE} (the seats of both concerts), not ${warmup + bookings}`,
    );
  }
  return {
    concurrency: wholeNumberFromEnv('BENCH_CONCURRENCY', 64, 1),
    warmup,
    bookings,
    rate: wholeNumberFromEnv('BENCH_RATE', 0),
  };
}
