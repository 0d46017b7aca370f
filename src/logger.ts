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
    : winston.format.combine(withContext(), winston.format.timestamp(), winston.format.errors({ stack: true }), winston.format.json());
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console();
  return winston.createLogger({ level: options.level, format, transports: [transport] });
}
