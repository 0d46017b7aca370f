// The extension point: a gRPC service that the embedded server registers next to its own, given the event log.
import type * as grpc from '@grpc/grpc-js';
import type { EventLog } from './store/types.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Structured logging callback; the embedded server never writes to the console by itself. */
export type Logger = (level: LogLevel, message: string, fields?: Record<string, unknown>) => void;

export const silentLogger: Logger = () => undefined;

export interface EmbeddedService {
  /** A gRPC service definition, such as `serviceDefinition()` of `grpc/messages.ts` builds from the protocol descriptor. */
  definition: grpc.ServiceDefinition;
  implementation: grpc.UntypedServiceImplementation;
  /**
   * Features ServerFeatures advertises per method, keyed by the lower-case method name
   * (e.g. `{ create: ['track_emitted_streams'] }`); the client checks some before using a method.
   */
  features?: Readonly<Record<string, readonly string[]>>;
  /** Called once after the log is loaded and before the server accepts connections. */
  start?(): Promise<void>;
  /** Called on shutdown before the log is closed: end open calls and flush what the service writes. */
  stop?(): Promise<void>;
}

export interface EmbeddedServiceContext {
  logger: Logger;
  /** Whether the standard system projections ($by_category…) run from the start; see `startEventStoreDB`. */
  startStandardProjections?: boolean;
}

export type EmbeddedServiceFactory = (log: EventLog, context: EmbeddedServiceContext) => EmbeddedService;
