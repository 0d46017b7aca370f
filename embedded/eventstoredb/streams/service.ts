// The Streams gRPC service: Append, Read (bounded reads and catch-up subscriptions), Delete, Tombstone.
import * as grpc from '@grpc/grpc-js';
import { serializeReadResp, type ReadRespOrBytes } from '../grpc/convert.js';
import { invalidArgument, rpcError, type EsdbServiceError } from '../grpc/errors.js';
import { streamsGrpc, streamsPb } from '../grpc/generated.js';
import { ResponseWriter } from '../grpc/responseWriter.js';
import type { EmbeddedService, EmbeddedServiceFactory } from '../plugin.js';
import { DEFAULT_MAX_APPEND_SIZE, appendHandler } from './append.js';
import { decodeAppendRequest } from './appendRequest.js';
import { serveBoundedRead } from './boundedRead.js';
import { CatchUpSubscription } from './catchUpSubscription.js';
import { deleteHandler, tombstoneHandler } from './deletion.js';
import { parseReadRequest } from './readRequest.js';

type ReadReq = InstanceType<typeof streamsPb.ReadReq>;

/** The generated definition, except that Read also sends events already encoded to bytes (much cheaper than jspb objects). */
const StreamsService = {
  ...streamsGrpc.StreamsService,
  read: { ...streamsGrpc.StreamsService.read, responseSerialize: serializeReadResp },
  // Append requests are decoded by hand (appendRequest.ts), falling back to jspb for anything unusual.
  append: { ...streamsGrpc.StreamsService.append, requestDeserialize: decodeAppendRequest },
};

export const createStreamsService: EmbeddedServiceFactory = (log, { logger }): EmbeddedService => {
  const subscriptions = new Set<CatchUpSubscription>();

  const read: grpc.handleServerStreamingCall<ReadReq, ReadRespOrBytes> = (call) => {
    const writer = new ResponseWriter<ReadRespOrBytes>(call, logger);
    let request;
    try {
      request = parseReadRequest(call.request);
    } catch (error) {
      const known = error instanceof Error && 'exception' in error;
      writer.fail(known ? (error as EsdbServiceError) : invalidArgument(`Invalid read request: ${String(error)}`));
      return;
    }
    if (request.count !== undefined) {
      serveBoundedRead(log, request, writer).catch((error: unknown) => {
        logger('error', 'read failed', { error: String(error) });
        writer.fail(rpcError(grpc.status.INTERNAL, undefined, 'Read failed.'));
      });
      return;
    }
    const subscription = new CatchUpSubscription(log, request, writer, logger);
    subscriptions.add(subscription);
    writer.onClose(() => subscriptions.delete(subscription));
    subscription.start().catch((error: unknown) => {
      logger('error', 'subscription failed to start', { error: String(error) });
      writer.fail(rpcError(grpc.status.INTERNAL, undefined, 'Subscription failed.'));
    });
  };

  return {
    definition: StreamsService,
    implementation: {
      read,
      append: appendHandler(log, logger, DEFAULT_MAX_APPEND_SIZE),
      delete: deleteHandler(log, logger),
      tombstone: tombstoneHandler(log, logger),
      // Not advertised by ServerFeatures, so the client never calls it; answered like an unknown method.
      batchAppend: (call: grpc.ServerDuplexStream<unknown, unknown>) =>
        call.emit('error', rpcError(grpc.status.UNIMPLEMENTED, undefined, 'BatchAppend is not implemented.')),
    },
    async stop() {
      for (const subscription of [...subscriptions]) subscription.stop();
    },
  };
};
