// The Node client's own generated protocol classes, for specs that send raw requests: the server is checked
// against an encoder and decoder that are not its own.
import persistentPb from '@eventstore/db-client/generated/persistent_pb.js';
import sharedPb from '@eventstore/db-client/generated/shared_pb.js';
import streamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import streamsPb from '@eventstore/db-client/generated/streams_pb.js';

export { persistentPb, sharedPb, streamsGrpc, streamsPb };

/** A stream name as the client's own `StreamIdentifier`. */
export const streamIdentifier = (name: string): InstanceType<typeof sharedPb.StreamIdentifier> =>
  new sharedPb.StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
