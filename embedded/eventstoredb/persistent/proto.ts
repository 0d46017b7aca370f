// The messages and service definition of the PersistentSubscriptions service, from the server's own protocol descriptor.
import type * as PersistentGrpc from '@eventstore/db-client/generated/persistent_grpc_pb.js';
import type * as PersistentPb from '@eventstore/db-client/generated/persistent_pb.js';
import { bytesAsBuffer, messagesOf, serviceDefinition } from '../grpc/messages.js';
import { sharedPb } from '../grpc/protocol.js';
import { decodeReadRequest, type DecodedAck } from './read-request.js';

export const pb = messagesOf('event_store.client.persistent_subscriptions') as unknown as typeof PersistentPb;
export const shared = sharedPb;
const generated = (
  {
    PersistentSubscriptionsService: serviceDefinition(
      'event_store.client.persistent_subscriptions.PersistentSubscriptions',
    ),
  } as unknown as typeof PersistentGrpc
).PersistentSubscriptionsService;

/**
 * The definition, except that Read also sends bytes already encoded (see event-encoding.ts) and reads acks by hand:
 * building message objects for every delivered event cost more than the rest of the delivery.
 */
export const PersistentSubscriptionsService = {
  ...generated,
  read: {
    ...generated.read,
    // Acks are decoded by hand (read-request.ts); every other request as before.
    requestDeserialize: (buffer: Buffer): PersistentPb.ReadReq | DecodedAck => decodeReadRequest(buffer),
    responseSerialize: (value: PersistentPb.ReadResp | Buffer): Buffer =>
      Buffer.isBuffer(value) ? value : bytesAsBuffer(value.serializeBinary()),
  },
};

export type ReadReq = PersistentPb.ReadReq;
export type ReadResp = PersistentPb.ReadResp;
export type CreateReq = PersistentPb.CreateReq;
export type UpdateReq = PersistentPb.UpdateReq;
