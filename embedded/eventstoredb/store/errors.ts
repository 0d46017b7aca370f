// Typed failures of the event log itself (as opposed to protocol answers such as wrong-expected-version).

export type StoreErrorCode = 'log_corrupt' | 'log_failed' | 'log_closed' | 'log_locked';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'StoreError';
  }
}
