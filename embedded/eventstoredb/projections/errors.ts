// Typed errors of the projections subsystem; the gRPC layer maps each code to a status in one place.

export type ProjectionErrorCode =
  | 'InvalidQuery'
  | 'ProjectionNotFound'
  | 'ProjectionExists'
  | 'ProjectionNotStopped'
  | 'InvalidArgument'
  /** What the real server refuses as an operation failure (FAILED_PRECONDITION), such as deleting a system projection. */
  | 'OperationFailed';

export class ProjectionError extends Error {
  override readonly name = 'ProjectionError';

  constructor(
    readonly code: ProjectionErrorCode,
    message: string,
  ) {
    super(message);
  }
}
