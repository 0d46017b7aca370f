// The generated protobuf classes this service speaks, loaded once from the client package (CommonJS) for ESM code.
import persistentPb from '@eventstore/db-client/generated/persistent_pb.js';
import persistentGrpc from '@eventstore/db-client/generated/persistent_grpc_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';

export const pb = persistentPb;
export const shared = sharedPb;
export const PersistentSubscriptionsService = persistentGrpc.PersistentSubscriptionsService;

export type ReadReq = persistentPb.ReadReq;
export type ReadResp = persistentPb.ReadResp;
export type CreateReq = persistentPb.CreateReq;
export type UpdateReq = persistentPb.UpdateReq;
export type SubscriptionInfo = persistentPb.SubscriptionInfo;
