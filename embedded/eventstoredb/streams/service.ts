// The Streams gRPC service: Append, BatchAppend, Read (bounded reads and catch-up subscriptions), Delete, Tombstone.
import * as grpc from '@grpc/grpc-js';
import { serializeReadResp, type ReadRespOrBytes } from '../grpc/convert.js';
import { invalidArgument, rpcError, type EsdbServiceError } from '../grpc/errors.js';
import { streamsGrpc, streamsPb } from '../grpc/protocol.js';
import { ResponseWriter } from '../grpc/responseWriter.js';
import type { EmbeddedService, EmbeddedServiceFactory } from '../plugin.js';
import { DEFAULT_MAX_APPEND_SIZE, appendHandler } from './append.js';
import { decodeAppendRequest } from './appendRequest.js';
import { BatchAppendCall, DEFAULT_BATCH_APPEND_LIMITS } from './batchAppend.js';
import { decodeBatchAppendRequest, type BatchAppendMessage } from './batchAppendRequest.js';
import { serveBoundedRead } from './boundedRead.js';
import { CatchUpSubscription } from './catchUpSubscription.js';
import { deleteHandler, tombstoneHandler } from './deletion.js';
import { parseReadRequest } from './readRequest.js';

type ReadReq = InstanceType<typeof streamsPb.ReadReq>;

/** The protocol's definition, except that Read also sends events already encoded to bytes (much cheaper than message objects). */
const StreamsService = {
  ...streamsGrpc.StreamsService,
  read: { ...streamsGrpc.StreamsService.read, responseSerialize: serializeReadResp },
  // Append requests are decoded by hand (appendRequest.ts), falling back to the message decoder for anything unusual.
  append: { ...streamsGrpc.StreamsService.append, requestDeserialize: decodeAppendRequest },
  // BatchAppend requests are decoded by hand too (never throwing), and its answers are sent already encoded.
  batchAppend: {
    ...streamsGrpc.StreamsService.batchAppend,
    requestDeserialize: (buffer: Buffer) => decodeBatchAppendRequest(buffer),
    responseSerialize: (response: Buffer) => response,
  },
};

export const createStreamsService: EmbeddedServiceFactory = (log, { logger }): EmbeddedService => {
  const subscriptions = new Set<CatchUpSubscription>();
  const batchAppends = new Set<BatchAppendCall>();

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
      batchAppend: (call: grpc.ServerDuplexStream<BatchAppendMessage, Buffer>) => {
        logger('debug', 'batch append call opened', { peer: call.getPeer() });
        const batchAppend = new BatchAppendCall(call, log, logger, DEFAULT_BATCH_APPEND_LIMITS, () =>
          batchAppends.delete(batchAppend),
        );
        batchAppends.add(batchAppend);
      },
    },
    async stop() {
      for (const subscription of [...subscriptions]) subscription.stop();
      // Appends already handed to the log are answered first; then the client sees CANCELLED and reconnects.
      await Promise.all([...batchAppends].map((batchAppend) => batchAppend.stop()));
    },
  };
};
