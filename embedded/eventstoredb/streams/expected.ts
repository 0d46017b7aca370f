// Reads the expected-revision oneof shared by Append, Delete and Tombstone requests.
import type { ExpectedRevision } from '../store/types.js';

interface ExpectationOptions {
  hasRevision(): boolean;
  getRevision(): string;
  hasNoStream(): boolean;
  hasStreamExists?(): boolean;
}

export function expectedRevisionOf(options: ExpectationOptions): ExpectedRevision {
  if (options.hasRevision()) return BigInt(options.getRevision());
  if (options.hasNoStream()) return 'no_stream';
  if (options.hasStreamExists?.()) return 'stream_exists';
  return 'any';
}
