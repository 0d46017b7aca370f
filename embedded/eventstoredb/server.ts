// The gRPC server: registers the core services and every EmbeddedService factory listed below on one port.
import * as grpc from '@grpc/grpc-js';
import type { EmbeddedService, EmbeddedServiceContext, EmbeddedServiceFactory } from './plugin.js';
import type { EventLog } from './store/types.js';
import { createPersistentSubscriptionsService } from './persistent/service.js';
import { createProjectionsService } from './projections/service.js';
import { createStreamsService } from './streams/service.js';
import { createGossipService } from './system/gossip.js';
import { createServerFeaturesService } from './system/serverFeatures.js';

/** Services built on the event log. Colleagues add one import and one entry here for theirs. */
const serviceFactories: EmbeddedServiceFactory[] = [
  createStreamsService,
  createProjectionsService,
  createPersistentSubscriptionsService,
];

export interface RunningServer {
  readonly port: number;
  stop(): Promise<void>;
}

/** How long open calls get to finish on stop before the server cuts them. */
const SHUTDOWN_GRACE_MS = 2_000;

/**
 * Like EventStoreDB (its largest log record, ~16 MiB), accept messages far above gRPC's 4 MiB
 * default, so that one oversized event is answered with maximum-append-size-exceeded rather than
 * a transport error.
 */
const MAX_RECEIVE_MESSAGE_BYTES = 16 * 1024 * 1024;

export async function startServer(
  log: EventLog,
  host: string,
  port: number,
  context: EmbeddedServiceContext,
): Promise<RunningServer> {
  const { logger } = context;
  let boundPort = port;
  const services: EmbeddedService[] = serviceFactories.map((factory) => factory(log, context));
  const advertised = services.slice();
  services.push(
    createServerFeaturesService(() => advertised),
    createGossipService(() => ({ host, port: boundPort })),
  );

  // Channelz (grpc-js's call and socket statistics, on by default) is never queried here and costs every call.
  const server = new grpc.Server({
    'grpc.max_receive_message_length': MAX_RECEIVE_MESSAGE_BYTES,
    'grpc.enable_channelz': 0,
  });
  for (const service of services) server.addService(service.definition, service.implementation);
  for (const service of services) await service.start?.();
  try {
    boundPort = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) =>
        error ? reject(error) : resolve(bound),
      ),
    );
  } catch (error) {
    // The services' own work (system projections following the log…) must end before the log closes.
    for (const service of services) await service.stop?.().catch(() => undefined);
    throw error;
  }
  logger('info', 'embedded EventStoreDB listening', { host, port: boundPort });

  return {
    port: boundPort,
    async stop() {
      for (const service of services) {
        try {
          await service.stop?.();
        } catch (error) {
          logger('error', 'a service failed to stop', { error: String(error) });
        }
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, SHUTDOWN_GRACE_MS);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}
