// One delivery of a persistent subscription, as a process step sees it: the event behind the link, its ids and its try.
import type {
  PersistentSubscriptionToAllResolvedEvent,
  PersistentSubscriptionToStreamResolvedEvent,
} from '@eventstore/db-client';

export interface ProcessMessage {
  /** The id of the event behind the link: the causation id of every command the step sends. */
  readonly eventId: string;
  readonly type: string;
  readonly data: Record<string, unknown>;
  readonly streamId: string;
  readonly revision: bigint;
  /** The booking process's correlation id, carried from event to command to event. */
  readonly correlationId: string;
  /** 0 on the first delivery; the server counts timeouts and retry-nacks. */
  readonly retryCount: number;
}

/** A message that can never succeed (bad data, a rejection the process does not expect): parked at once. */
export class UnprocessableMessage extends Error {
  readonly code = 'UnprocessableMessage';
}

/** A step that asks to be tried again later (the world is not ready yet), not a failure of the machinery. */
export class RetryLater extends Error {
  readonly code = 'RetryLater';
}

/**
 * Returns undefined for a link whose event is gone (a deleted or truncated stream): there is nothing
 * to act on, and the message is acked.
 */
export function toProcessMessage(
  delivery: PersistentSubscriptionToStreamResolvedEvent | PersistentSubscriptionToAllResolvedEvent,
): ProcessMessage | undefined {
  const event = delivery.event;
  if (event === undefined) return undefined;
  if (!event.isJson || typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) {
    throw new UnprocessableMessage(`${event.streamId}@${event.revision} (${event.type}) is not a JSON object`);
  }
  const metadata = (event.metadata ?? {}) as Record<string, unknown>;
  const correlationId = typeof metadata.$correlationId === 'string' ? metadata.$correlationId : event.id;
  return {
    eventId: event.id,
    type: event.type,
    data: event.data as Record<string, unknown>,
    streamId: event.streamId,
    revision: event.revision,
    correlationId,
    retryCount: delivery.retryCount,
  };
}
