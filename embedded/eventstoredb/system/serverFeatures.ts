// ServerFeatures.GetSupportedMethods: the client's first call, which decides what it will dare to use.
import type * as grpc from '@grpc/grpc-js';
import { serverFeaturesGrpc, serverFeaturesPb, sharedPb } from '../grpc/protocol.js';
import type { EmbeddedService } from '../plugin.js';

export const SERVER_VERSION = '24.10.0';

const PERSISTENT_SERVICE = 'event_store.client.persistent_subscriptions.persistentsubscriptions';

type Advertised = Pick<EmbeddedService, 'definition' | 'features'>;

/** Advertises exactly the methods of the services registered on this server, in the client's lower case. */
export function supportedMethods(
  services: readonly Advertised[],
): InstanceType<typeof serverFeaturesPb.SupportedMethods> {
  const methods: InstanceType<typeof serverFeaturesPb.SupportedMethod>[] = [];
  for (const { definition, features } of services) {
    for (const method of Object.values(definition)) {
      const path = method.path.toLowerCase();
      const [, serviceName, methodName] = path.split('/');
      const supported = new serverFeaturesPb.SupportedMethod().setServiceName(serviceName).setMethodName(methodName);
      // Without these features the client refuses persistent subscriptions to $all.
      if (serviceName === PERSISTENT_SERVICE) supported.setFeaturesList(['stream', 'all']);
      const own = features?.[methodName];
      if (own) supported.setFeaturesList([...new Set([...supported.getFeaturesList(), ...own])]);
      methods.push(supported);
    }
  }
  return new serverFeaturesPb.SupportedMethods().setEventStoreServerVersion(SERVER_VERSION).setMethodsList(methods);
}

type Empty = InstanceType<typeof sharedPb.Empty>;
type SupportedMethods = InstanceType<typeof serverFeaturesPb.SupportedMethods>;

/** `services` is read at call time, so services registered later are advertised too. */
export function createServerFeaturesService(services: () => readonly Advertised[]): EmbeddedService {
  const getSupportedMethods: grpc.handleUnaryCall<Empty, SupportedMethods> = (_call, callback) =>
    callback(null, supportedMethods(services()));
  return {
    definition: serverFeaturesGrpc.ServerFeaturesService,
    implementation: { getSupportedMethods },
  };
}
