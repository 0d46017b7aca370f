// A stream whose events cannot follow each other: corrupt or written by a bug, never a business outcome.
export class ImpossibleEventError extends Error {
  readonly code = 'ImpossibleEvent';
  override readonly name = 'ImpossibleEventError';

  constructor(
    readonly eventType: string,
    readonly status: string,
  ) {
    super(
      `${eventType} cannot follow a ${status === 'Missing' ? 'stream with no events (it cannot be the first event)' : `state ${status}`}`,
    );
  }
}
