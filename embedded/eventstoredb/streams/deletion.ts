// Streams.Delete (soft: `$tb` in the metadata) and Streams.Tombstone (hard: the stream is gone for good).
import * as grpc from '@grpc/grpc-js';
import { streamName } from '../grpc/convert.js';
import {
  invalidArgument,
  rpcError,
  streamDeleted,
  wrongExpectedVersion,
  type EsdbServiceError,
} from '../grpc/errors.js';
import { streamsPb } from '../grpc/protocol.js';
import type { Logger } from '../plugin.js';
import type { AppendResult, EventLog, ExpectedRevision } from '../store/types.js';
import { expectedRevisionOf } from './expected.js';

type DeleteReq = InstanceType<typeof streamsPb.DeleteReq>;
type DeleteResp = InstanceType<typeof streamsPb.DeleteResp>;
type TombstoneReq = InstanceType<typeof streamsPb.TombstoneReq>;
type TombstoneResp = InstanceType<typeof streamsPb.TombstoneResp>;

type Outcome = { kind: 'error'; error: EsdbServiceError } | { kind: 'position'; position: string };

async function run(
  log: EventLog,
  logger: Logger,
  options: Parameters<typeof expectedRevisionOf>[0] & { getStreamIdentifier(): Parameters<typeof streamName>[0] },
  operation: (stream: string, expected: ExpectedRevision) => Promise<AppendResult>,
): Promise<Outcome> {
  const stream = streamName(options.getStreamIdentifier());
  if (!stream) return { kind: 'error', error: invalidArgument('The stream name must not be empty.') };
  let expected: ExpectedRevision;
  try {
    expected = expectedRevisionOf(options);
  } catch (error) {
    return { kind: 'error', error: invalidArgument(`Invalid expected revision: ${String(error)}`) };
  }
  try {
    const result = await operation(stream, expected);
    if (result.kind === 'stream_deleted') return { kind: 'error', error: streamDeleted(stream) };
    if (result.kind === 'wrong_expected_version') {
      return { kind: 'error', error: wrongExpectedVersion(stream, expected, result.actual) };
    }
    return { kind: 'position', position: result.position.toString() };
  } catch (error) {
    logger('error', 'delete failed', { stream, error: String(error) });
    return {
      kind: 'error',
      error: rpcError(grpc.status.UNAVAILABLE, undefined, 'The event log could not store the delete.'),
    };
  }
}

export function deleteHandler(log: EventLog, logger: Logger): grpc.handleUnaryCall<DeleteReq, DeleteResp> {
  return (call, callback) => {
    const options = call.request.getOptions();
    if (!options) return callback(invalidArgument('Delete needs options.'));
    void run(log, logger, options, (stream, expected) => log.delete(stream, expected)).then((outcome) => {
      if (outcome.kind === 'error') return callback(outcome.error);
      const position = new streamsPb.DeleteResp.Position()
        .setCommitPosition(outcome.position)
        .setPreparePosition(outcome.position);
      callback(null, new streamsPb.DeleteResp().setPosition(position));
    });
  };
}

export function tombstoneHandler(log: EventLog, logger: Logger): grpc.handleUnaryCall<TombstoneReq, TombstoneResp> {
  return (call, callback) => {
    const options = call.request.getOptions();
    if (!options) return callback(invalidArgument('Tombstone needs options.'));
    void run(log, logger, options, (stream, expected) => log.tombstone(stream, expected)).then((outcome) => {
      if (outcome.kind === 'error') return callback(outcome.error);
      const position = new streamsPb.TombstoneResp.Position()
        .setCommitPosition(outcome.position)
        .setPreparePosition(outcome.position);
      callback(null, new streamsPb.TombstoneResp().setPosition(position));
    });
  };
}
