// Captures the server error an operation rejects with, failing the test when it does not reject.
export interface ServerFailure {
  code?: number;
  codeName?: string;
  message: string;
  keyPattern?: Record<string, unknown>;
  keyValue?: Record<string, unknown>;
  writeErrors?: Array<{ index: number; code: number }>;
  result?: unknown;
}

export async function failure(promise: Promise<unknown>): Promise<ServerFailure> {
  try {
    await promise;
  } catch (error) {
    return error as ServerFailure;
  }
  throw new Error('expected the operation to fail');
}
