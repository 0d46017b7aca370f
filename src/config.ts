// Configuration from the environment, validated once at start-up; every bad variable is named in one message.
import { isAbsolute, resolve } from 'node:path';
import { hostname } from 'node:os';
import { z } from 'zod';
import { authEnvironmentSchema, resolveAuthConfig, type AuthConfig } from './auth/auth-config.js';
import { parseRoles, type Role } from './roles.js';

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();

const environmentSchema = z.object({
  PORT: port.default(3000),
  // KurrentDB's schemes name the same servers; the 6.2.1 client the service uses reads only esdb://.
  EVENTSTORE_CONNECTION_STRING: z
    .string()
    .trim()
    .regex(/^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\//, 'must start with esdb:// or kurrentdb://')
    .transform((value) => value.replace(/^(kurrentdb|kurrent|kdb)(\+discover)?:\/\//, 'esdb$2://'))
    // The 6.2.1 client silently uses only the first host after esdb+discover://: a list there would lose the other seeds.
    .refine(
      (value) => !/^esdb\+discover:\/\/[^/?]*,/.test(value),
      'esdb+discover:// takes one DNS name; list gossip seeds as esdb://host1,host2,host3',
    )
    .optional(),
  MONGODB_URI: z
    .string()
    .trim()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb://')
    .optional(),
  MONGODB_DATABASE: z
    .string()
    .trim()
    .regex(/^[^/\\. "$]{1,63}$/, 'must be a valid MongoDB database name')
    .default('booking'),
  LOG_LEVEL: z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']).default('info'),
  EXPIRATION_CHECK_INTERVAL_MS: positiveInt.default(5000),
  RESERVATION_HOLD_SECONDS: positiveInt.default(900),
  ...authEnvironmentSchema.shape,
  EMBEDDED_DATA_DIR: z.string().trim().optional(),
  HTTP_MAX_IN_FLIGHT: positiveInt.default(256),
  SERVICE_ROLES: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      const parsed = parseRoles(raw);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
      return typeof parsed === 'string' ? [] : parsed;
    }),
  INSTANCE_ID: z
    .string()
    .trim()
    .regex(/^[\w.:-]{1,100}$/, 'letters, digits, _ . : - only, at most 100')
    .optional(),
  VIEW_LEASE_MS: z.coerce.number().int().min(500).default(6000),
  SERVICE_WORKER_ROLES: z
    .string()
    .optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw.trim() === '') return [];
      const parsed = parseRoles(raw);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
      return typeof parsed === 'string' ? [] : parsed;
    }),
});

/** The value of EMBEDDED_DATA_DIR that keeps the embedded EventStoreDB in memory only (tests, throw-away runs). */
export const MEMORY_ONLY = 'memory';

/**
 * `data/` in the folder the service runs from: the project's, for `npm start` (npm runs scripts there), where it
 * keeps its events unless told otherwise. Relative to the working directory rather than to this file, so that the
 * compiled service (dist/) finds the same folder.
 */
export const defaultDataDir = resolve('data');

export interface Config {
  readonly port: number;
  /** Unset: the service starts the embedded EventStoreDB in-process. */
  readonly eventStoreConnectionString: string | undefined;
  /** Unset: the service starts the embedded MongoDB in-process. */
  readonly mongoUri: string | undefined;
  readonly mongoDatabase: string;
  readonly logLevel: string;
  readonly expirationCheckIntervalMs: number;
  readonly reservationHoldSeconds: number;
  /** The credentials clients, the payment provider and operators must present (src/auth/auth-config.ts). */
  readonly auth: AuthConfig;
  /**
   * Where the embedded EventStoreDB (started when no connection string is given) keeps its log; absent: memory only.
   * Ignored with a connection string. Absent in a Config a test builds by hand, so tests stay in memory.
   */
  readonly embeddedDataDir?: string;
  /** Requests handled at once; past it the answer is 503 with Retry-After. Absent: 256. */
  readonly maxRequestsInFlight?: number;
  /** What this instance runs (SERVICE_ROLES; all by default). */
  readonly roles: readonly Role[];
  /** Names this instance in GET /ready, GET /processes and the view's lease: INSTANCE_ID, or hostname-pid. */
  readonly instanceId: string;
  /** How long the view writer's lease lasts without renewal: a dead writer is replaced within about this long. */
  readonly viewLeaseMs: number;
  /** Of the roles, those run in a worker thread of this process (SERVICE_WORKER_ROLES; none by default). */
  readonly workerRoles: readonly Role[];
}

export class ConfigError extends Error {
  readonly code = 'InvalidConfiguration';
  override readonly name = 'ConfigError';

  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
  }
}

/** Empty strings count as unset: `PORT= npm start` means "the default", not "port zero". */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  const resolved = resolveAuthConfig(e, e.EVENTSTORE_CONNECTION_STRING === undefined && e.MONGODB_URI === undefined);
  if ('problems' in resolved) throw new ConfigError(resolved.problems);
  return {
    port: e.PORT,
    eventStoreConnectionString: e.EVENTSTORE_CONNECTION_STRING,
    mongoUri: e.MONGODB_URI,
    mongoDatabase: e.MONGODB_DATABASE,
    logLevel: e.LOG_LEVEL,
    expirationCheckIntervalMs: e.EXPIRATION_CHECK_INTERVAL_MS,
    reservationHoldSeconds: e.RESERVATION_HOLD_SECONDS,
    auth: resolved.auth,
    embeddedDataDir: embeddedDataDir(e.EMBEDDED_DATA_DIR),
    maxRequestsInFlight: e.HTTP_MAX_IN_FLIGHT,
    roles: e.SERVICE_ROLES,
    instanceId: e.INSTANCE_ID ?? `${hostname()}-${process.pid}`,
    viewLeaseMs: e.VIEW_LEASE_MS,
    workerRoles: e.SERVICE_WORKER_ROLES,
  };
}

/** Unset: the project's `data/`; `memory`: nothing on disk; anything else a folder, relative to the working directory. */
function embeddedDataDir(value: string | undefined): string | undefined {
  if (value === undefined) return defaultDataDir;
  if (value.toLowerCase() === MEMORY_ONLY) return undefined;
  return isAbsolute(value) ? value : resolve(value);
}
