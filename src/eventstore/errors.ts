// Failures of the event store plumbing, typed with a code like the domain's rejections.

/** An event read back does not fit its schema: the stream needs attention, folding on would hide it. */
export class InvalidStoredEventError extends Error {
  readonly code = 'InvalidStoredEvent';
  override readonly name = 'InvalidStoredEventError';

  constructor(
    readonly streamName: string,
    readonly revision: bigint,
    readonly eventType: string,
    problem: string,
  ) {
    super(`Event ${eventType} at ${streamName}@${revision} does not fit its schema: ${problem}`);
  }
}

/** Other writers kept winning the race for a stream; the caller may try again later. */
export class ConcurrencyRetriesExhaustedError extends Error {
  readonly code = 'ConcurrencyRetriesExhausted';
  override readonly name = 'ConcurrencyRetriesExhaustedError';

  constructor(
    readonly streamName: string,
    readonly attempts: number,
  ) {
    super(`Gave up appending to ${streamName} after ${attempts} conflicting attempts`);
  }
}

/** The decider produced an event its own schema refuses: appending it would break every later read. */
export class UnreadableEventError extends Error {
  readonly code = 'UnreadableEvent';
  override readonly name = 'UnreadableEventError';

  constructor(
    readonly streamName: string,
    readonly eventType: string,
    problem: string,
  ) {
    super(`Refusing to append ${eventType} to ${streamName}: ${problem}`);
  }
}

/** The command was made for another revision of the stream than the one it would append after (HTTP If-Match). */
export class PreconditionFailedError extends Error {
  readonly code = 'PreconditionFailed';
  override readonly name = 'PreconditionFailedError';

  constructor(
    readonly streamName: string,
    readonly expectedRevision: bigint,
    readonly currentRevision: bigint | null,
  ) {
    super(`${streamName} is at revision ${currentRevision ?? 'none'}, not ${expectedRevision}`);
  }
}
