// MongoDB's error vocabulary: a typed error carrying the numeric code and codeName the driver expects.

const CODE_NAMES: Record<number, string> = {
  1: 'InternalError',
  2: 'BadValue',
  9: 'FailedToParse',
  14: 'TypeMismatch',
  20: 'IllegalOperation',
  22: 'InvalidBSON',
  26: 'NamespaceNotFound',
  27: 'IndexNotFound',
  40: 'ConflictingUpdateOperators',
  43: 'CursorNotFound',
  48: 'NamespaceExists',
  59: 'CommandNotFound',
  66: 'ImmutableField',
  67: 'CannotCreateIndex',
  72: 'InvalidOptions',
  73: 'InvalidNamespace',
  85: 'IndexOptionsConflict',
  115: 'CommandNotSupported',
  86: 'IndexKeySpecsConflict',
  171: 'CannotIndexParallelArrays',
  11000: 'DuplicateKey',
};

/** A command or write failure as MongoDB reports it; `extra` carries fields such as keyPattern/keyValue. */
export class MongoServerError extends Error {
  readonly code: number;
  readonly codeName: string;
  readonly extra: Record<string, unknown>;

  constructor(code: number, message: string, extra: Record<string, unknown> = {}) {
    super(message);
    this.name = 'MongoServerError';
    this.code = code;
    // mongod names its unnamed assertion codes after their location (31254 → Location31254).
    this.codeName = CODE_NAMES[code] ?? (code >= 10000 ? `Location${code}` : 'UnknownError');
    this.extra = extra;
  }

  /** The body of a failed command reply. */
  toReply(): Record<string, unknown> {
    return { ok: 0, errmsg: this.message, code: this.code, codeName: this.codeName, ...this.extra };
  }

  /** One entry of a write reply's `writeErrors`. */
  toWriteError(index: number): Record<string, unknown> {
    return { index, code: this.code, errmsg: this.message, ...this.extra };
  }
}

/** Turns anything thrown while running a command (mingo throws plain errors) into a MongoServerError. */
export function asServerError(error: unknown, fallbackCode = 2): MongoServerError {
  if (error instanceof MongoServerError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new MongoServerError(fallbackCode, message);
}
