// The PersistentSubscriptions gRPC service of the embedded server: unary management calls and the Read stream.
import type * as grpc from '@grpc/grpc-js';
import type { EmbeddedServiceFactory } from '../plugin.js';
import { streamName } from '../grpc/convert.js';
import { ALL } from './definition.js';
import { unaryAdapter } from '../grpc/unary.js';
import { toServiceError } from './errors.js';
import { pb, PersistentSubscriptionsService, shared, type ReadReq, type ReadResp } from './proto.js';
import { handleRead } from './read-call.js';
import { GroupRegistry } from './registry.js';
import { definitionFrom, sourceOf } from './requests.js';
import { subscriptionInfo } from './wire.js';

type Request<T> = { getOptions(): T | undefined };

/** A thrown typed error becomes the status and trailers the client expects. */
const unary = unaryAdapter(toServiceError);

const optionsOf = <T>(request: Request<T>): T | undefined => request.getOptions();

export const createPersistentSubscriptionsService: EmbeddedServiceFactory = (log, { logger }) => {
  const registry = new GroupRegistry(log, logger);

  const implementation = {
    create: unary(async (request: InstanceType<typeof pb.CreateReq>) => {
      await registry.create(definitionFrom(request));
      return new pb.CreateResp();
    }),
    update: unary(async (request: InstanceType<typeof pb.UpdateReq>) => {
      await registry.update(definitionFrom(request));
      return new pb.UpdateResp();
    }),
    delete: unary(async (request: InstanceType<typeof pb.DeleteReq>) => {
      const options = optionsOf(request);
      await registry.delete(sourceOf(options), options?.getGroupName() ?? '');
      return new pb.DeleteResp();
    }),
    getInfo: unary((request: InstanceType<typeof pb.GetInfoReq>) => {
      const options = optionsOf(request);
      const group = registry.find(sourceOf(options), options?.getGroupName() ?? '');
      return new pb.GetInfoResp().setSubscriptionInfo(subscriptionInfo(group));
    }),
    list: unary((request: InstanceType<typeof pb.ListReq>) => {
      const forStream = optionsOf(request)?.getListForStream();
      const stream = forStream ? (forStream.hasAll() ? ALL : streamName(forStream.getStream())) : undefined;
      const response = new pb.ListResp();
      for (const group of registry.list(stream)) response.addSubscriptions(subscriptionInfo(group));
      return response;
    }),
    replayParked: unary((request: InstanceType<typeof pb.ReplayParkedReq>) => {
      const options = optionsOf(request);
      const group = registry.find(sourceOf(options), options?.getGroupName() ?? '');
      group.replayParked(options?.hasStopAt() ? BigInt(options.getStopAt()) : undefined);
      return new pb.ReplayParkedResp();
    }),
    restartSubsystem: unary(async () => {
      await registry.restart();
      return new shared.Empty();
    }),
    read: (call: grpc.ServerDuplexStream<ReadReq, ReadResp | Buffer>) => handleRead(registry, call, logger),
  };

  return {
    definition: PersistentSubscriptionsService,
    implementation: implementation as unknown as grpc.UntypedServiceImplementation,
    start: async () => registry.start(),
    stop: () => registry.stop(),
  };
};
