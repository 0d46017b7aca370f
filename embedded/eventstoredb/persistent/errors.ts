// Typed errors of the persistent-subscription service and their translation into the trailers the client reads.
import * as grpc from '@grpc/grpc-js';

export type PersistentErrorCode =
  | 'persistent-subscription-does-not-exist'
  | 'persistent-subscription-exists'
  | 'persistent-subscription-failed'
  | 'maximum-subscribers-reached'
  | 'persistent-subscription-dropped'
  | 'invalid-request';

/** gRPC status the real server uses for each error (the client maps on the `exception` trailer first). */
const statusOf: Record<PersistentErrorCode, grpc.status> = {
  'persistent-subscription-does-not-exist': grpc.status.NOT_FOUND,
  'persistent-subscription-exists': grpc.status.ALREADY_EXISTS,
  'persistent-subscription-failed': grpc.status.INTERNAL,
  'maximum-subscribers-reached': grpc.status.FAILED_PRECONDITION,
  'persistent-subscription-dropped': grpc.status.CANCELLED,
  'invalid-request': grpc.status.INVALID_ARGUMENT,
};

export class PersistentSubscriptionError extends Error {
  constructor(
    readonly code: PersistentErrorCode,
    message: string,
    readonly streamName = '',
    readonly groupName = '',
    readonly reason = '',
  ) {
    super(message);
    this.name = 'PersistentSubscriptionError';
  }
}

export const groupNotFound = (stream: string, group: string): PersistentSubscriptionError =>
  new PersistentSubscriptionError(
    'persistent-subscription-does-not-exist',
    `Subscription group ${group} on stream ${stream} does not exist.`,
    stream,
    group,
  );

export const groupExists = (stream: string, group: string): PersistentSubscriptionError =>
  new PersistentSubscriptionError(
    'persistent-subscription-exists',
    `Subscription group ${group} on stream ${stream} exists.`,
    stream,
    group,
  );

export const groupFailed = (stream: string, group: string, reason: string): PersistentSubscriptionError =>
  new PersistentSubscriptionError(
    'persistent-subscription-failed',
    `Subscription group ${group} on stream ${stream} failed: '${reason}'`,
    stream,
    group,
    reason,
  );

export const maximumSubscribersReached = (stream: string, group: string): PersistentSubscriptionError =>
  new PersistentSubscriptionError(
    'maximum-subscribers-reached',
    `Maximum subscriptions reached for subscription group ${group} on stream ${stream}.`,
    stream,
    group,
  );

export const groupDropped = (stream: string, group: string): PersistentSubscriptionError =>
  new PersistentSubscriptionError(
    'persistent-subscription-dropped',
    `Subscription group ${group} on stream ${stream} was dropped.`,
    stream,
    group,
  );

export const invalidRequest = (message: string): PersistentSubscriptionError =>
  new PersistentSubscriptionError('invalid-request', message);

/**
 * The status object grpc-js sends. Every named trailer is present (possibly empty) because the
 * client calls `.toString()` on the ones it expects.
 */
export function toServiceError(error: unknown): Partial<grpc.ServiceError> {
  if (!(error instanceof PersistentSubscriptionError)) {
    const message = error instanceof Error ? error.message : String(error);
    return { code: grpc.status.UNKNOWN, details: message, metadata: new grpc.Metadata() };
  }
  const metadata = new grpc.Metadata();
  if (error.code !== 'invalid-request') {
    metadata.set('exception', error.code);
    metadata.set('stream-name', error.streamName);
    metadata.set('group-name', error.groupName);
    if (error.code === 'persistent-subscription-failed') metadata.set('reason', error.reason);
  }
  return { code: statusOf[error.code], details: error.message, metadata };
}
