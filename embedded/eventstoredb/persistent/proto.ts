// The generated protobuf classes this service speaks, loaded once from the client package (CommonJS) for ESM code.
import persistentPb from '@eventstore/db-client/generated/persistent_pb.js';
import persistentGrpc from '@eventstore/db-client/generated/persistent_grpc_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import { decodeReadRequest, type DecodedAck } from './read-request.js';

export const pb = persistentPb;
export const shared = sharedPb;
const generated = persistentGrpc.PersistentSubscriptionsService;

/**
 * The generated definition, except that Read also sends bytes already encoded (see event-encoding.ts)
 * and reads acks by hand:
 * building jspb objects for every delivered event cost more than the rest of the delivery.
 */
export const PersistentSubscriptionsService = {
  ...generated,
  read: {
    ...generated.read,
    // Acks are decoded by hand (read-request.ts); every other request as before.
    requestDeserialize: (buffer: Buffer): persistentPb.ReadReq | DecodedAck => decodeReadRequest(buffer),
    responseSerialize: (value: persistentPb.ReadResp | Buffer): Buffer =>
      Buffer.isBuffer(value) ? value : Buffer.from(value.serializeBinary()),
  },
};

export type ReadReq = persistentPb.ReadReq;
export type ReadResp = persistentPb.ReadResp;
export type CreateReq = persistentPb.CreateReq;
export type UpdateReq = persistentPb.UpdateReq;
