// winston: JSON lines for machines, readable text on a terminal; every line carries the current request id.
import winston from 'winston';
import { currentContext } from './context.js';

const withContext = winston.format((info) => {
  const { requestId, correlationId } = currentContext();
  if (requestId && info.requestId === undefined) info.requestId = requestId;
  if (correlationId && info.correlationId === undefined) info.correlationId = correlationId;
  return info;
});

export interface LoggerOptions {
  readonly level: string;
  /** Defaults to whether stdout is a terminal. */
  readonly pretty?: boolean;
  /** Tests pass a stream to read what was logged. */
  readonly stream?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): winston.Logger {
  const pretty = options.pretty ?? Boolean(process.stdout.isTTY);
  const format = pretty
    ? winston.format.combine(
        withContext(),
        winston.format.timestamp({ format: 'HH:mm:ss.SSS' }),
        winston.format.colorize(),
        winston.format.printf(({ timestamp, level, message, ...rest }) => {
          const extra = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
          return `${String(timestamp)} ${level} ${String(message)}${extra}`;
        }),
      )
    : winston.format.combine(
        withContext(),
        winston.format.timestamp(),
        winston.format.errors({ stack: true }),
        winston.format.json(),
      );
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  return skipDisabledLevels(winston.createLogger({ level: options.level, format, transports: [transport] }));
}

/**
 * winston formats every line (context, timestamp, JSON) before its transports drop those below their level,
 * so a step's info lines cost their whole encoding at `warn`. The level methods check first and return at once;
 * the level is read at each call, so changing `logger.level` later still works.
 */
function skipDisabledLevels(logger: winston.Logger): winston.Logger {
  const methods = logger as unknown as Record<string, (...args: unknown[]) => winston.Logger>;
  for (const level of Object.keys(logger.levels)) {
    const write = methods[level];
    if (typeof write !== 'function') continue;
    methods[level] = function (this: winston.Logger, ...args: unknown[]) {
      return logger.isLevelEnabled(level) ? write.apply(this ?? logger, args) : logger;
    };
  }
  const log = methods.log!;
  methods.log = function (this: winston.Logger, ...args: unknown[]) {
    const first = args[0];
    const level = typeof first === 'string' ? first : (first as { level?: unknown } | undefined)?.level;
    if (typeof level === 'string' && level in logger.levels && !logger.isLevelEnabled(level)) return logger;
    return log.apply(this ?? logger, args);
  };
  return logger;
}
