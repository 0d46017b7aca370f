// The protocol's messages and service definitions, from the server's own descriptor (see messages.ts). The types are
// those of the Node client's generated declarations, used at compile time only: nothing of the client is loaded.
import type * as GossipGrpc from '@eventstore/db-client/generated/gossip_grpc_pb.js';
import type * as GossipPb from '@eventstore/db-client/generated/gossip_pb.js';
import type * as ServerFeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import type * as ServerFeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb.js';
import type * as StreamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb.js';
import { messagesOf, serviceDefinition } from './messages.js';

export const sharedPb = messagesOf('event_store.client') as unknown as typeof SharedPb;
export const streamsPb = messagesOf('event_store.client.streams') as unknown as typeof StreamsPb;
export const gossipPb = messagesOf('event_store.client.gossip') as unknown as typeof GossipPb;
export const serverFeaturesPb = messagesOf('event_store.client.server_features') as unknown as typeof ServerFeaturesPb;

export const streamsGrpc = {
  StreamsService: serviceDefinition('event_store.client.streams.Streams'),
} as unknown as typeof StreamsGrpc;
export const gossipGrpc = {
  GossipService: serviceDefinition('event_store.client.gossip.Gossip'),
} as unknown as typeof GossipGrpc;
export const serverFeaturesGrpc = {
  ServerFeaturesService: serviceDefinition('event_store.client.server_features.ServerFeatures'),
} as unknown as typeof ServerFeaturesGrpc;
