// Streams.Append: options, then one proposed message per event; answers success or wrong_expected_version.
import * as grpc from '@grpc/grpc-js';
import { streamName } from '../grpc/convert.js';
import {
  invalidArgument,
  maximumAppendSizeExceeded,
  missingRequiredMetadata,
  rpcError,
  streamDeleted,
  type EsdbServiceError,
} from '../grpc/errors.js';
import { sharedPb, streamsPb } from '../grpc/protocol.js';
import type { Logger } from '../plugin.js';
import type { AppendResult, EventLog, ExpectedRevision, ProposedEvent } from '../store/types.js';
import type { AppendMessage } from './appendRequest.js';
import { expectedRevisionOf } from './expected.js';

type AppendResp = InstanceType<typeof streamsPb.AppendResp>;

/** EventStoreDB's default `MaxAppendSize`, compared with the sum of `eventSizeOnDisk` over an append. */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;

/** The size EventStoreDB charges an event against the limit: data, metadata and the type in UTF-16. */
export const eventSizeOnDisk = (type: string, data: Uint8Array, metadata: Uint8Array): number =>
  data.byteLength + metadata.byteLength + type.length * 2;

export function appendHandler(
  log: EventLog,
  logger: Logger,
  maxAppendSize: number,
): grpc.handleClientStreamingCall<AppendMessage, AppendResp> {
  return (call, callback) => {
    let stream: string | undefined;
    let expected: ExpectedRevision = 'any';
    const events: ProposedEvent[] = [];
    let size = 0;
    let answered = false;
    const answer = (error: EsdbServiceError | null, response?: AppendResp): void => {
      if (answered) return;
      answered = true;
      callback(error, response);
    };

    const receive = (request: AppendMessage): void => {
      if (answered) return;
      if (stream === undefined) {
        const { options } = request;
        if (!options) return answer(invalidArgument('The first append message must carry the options.'));
        stream = streamName(options.getStreamIdentifier());
        if (!stream) return answer(invalidArgument('The stream name must not be empty.'));
        expected = expectedRevisionOf(options);
        return;
      }
      const message = request.proposed;
      if (!message) return answer(invalidArgument('Expected a proposed message.'));
      const { metadata } = message;
      const type = metadata.get('type');
      const contentType = metadata.get('content-type');
      // Only an absent key is missing: an empty type (what the Node client sends for `type: undefined`) is stored as is.
      if (type === undefined) return answer(missingRequiredMetadata('type'));
      if (contentType === undefined) return answer(missingRequiredMetadata('content-type'));
      const { data, customMetadata } = message;
      size += eventSizeOnDisk(type, data, customMetadata);
      if (size > maxAppendSize) return answer(maximumAppendSizeExceeded(maxAppendSize));
      events.push({ id: message.id, type, contentType, data, customMetadata });
    };

    // A malformed message must cost this call only, never the process.
    call.on('data', (request: AppendMessage) => {
      try {
        receive(request);
      } catch (error) {
        answer(invalidArgument(`Invalid append request: ${String(error)}`));
      }
    });

    call.on('end', () => {
      if (answered) return;
      if (stream === undefined) return answer(invalidArgument('Append without options.'));
      const target = stream;
      log.append(target, expected, events).then(
        (result) => answerResult(target, expected, result, answer),
        (error: unknown) => {
          logger('error', 'append failed', { stream: target, error: String(error) });
          answer(rpcError(grpc.status.UNAVAILABLE, undefined, 'The event log could not store the append.'));
        },
      );
    });
    call.on('error', () => undefined);
  };
}

function answerResult(
  stream: string,
  expected: ExpectedRevision,
  result: AppendResult,
  answer: (error: EsdbServiceError | null, response?: AppendResp) => void,
): void {
  switch (result.kind) {
    case 'stream_deleted':
      return answer(streamDeleted(stream));
    case 'wrong_expected_version': {
      const wrong = new streamsPb.AppendResp.WrongExpectedVersion();
      if (result.actual === 'no_stream') wrong.setCurrentNoStream(new sharedPb.Empty());
      else wrong.setCurrentRevision(result.actual.toString());
      if (expected === 'any') wrong.setExpectedAny(new sharedPb.Empty());
      else if (expected === 'no_stream') wrong.setExpectedNoStream(new sharedPb.Empty());
      else if (expected === 'stream_exists') wrong.setExpectedStreamExists(new sharedPb.Empty());
      else wrong.setExpectedRevision(expected.toString());
      return answer(null, new streamsPb.AppendResp().setWrongExpectedVersion(wrong));
    }
    case 'success': {
      const success = new streamsPb.AppendResp.Success();
      if (result.currentRevision < 0n) success.setNoStream(new sharedPb.Empty());
      else success.setCurrentRevision(result.currentRevision.toString());
      if (result.position < 0n) success.setNoPosition(new sharedPb.Empty());
      else {
        const position = result.position.toString();
        success.setPosition(
          new streamsPb.AppendResp.Position().setCommitPosition(position).setPreparePosition(position),
        );
      }
      return answer(null, new streamsPb.AppendResp().setSuccess(success));
    }
  }
}
