// The append decision: does an expected revision allow the append, repeat an earlier one, or conflict?
import type { StreamState } from './streamState.js';
import type { ExpectedRevision } from './types.js';

export type AppendDecision =
  | { readonly kind: 'append' }
  /** The same ids are already stored, ending at `lastIndex`: answer the original result again. */
  | { readonly kind: 'idempotent'; readonly lastIndex: number }
  | { readonly kind: 'wrong'; readonly actual: bigint | 'no_stream' }
  | { readonly kind: 'deleted' };

type Match = 'full' | 'partial' | 'none';

function matchAt(state: StreamState, start: number, ids: readonly string[]): Match {
  if (start < 0 || start >= state.count || state.events[start].id !== ids[0]) return 'none';
  for (let i = 1; i < ids.length; i++) {
    const stored = state.events[start + i];
    if (stored === undefined || stored.id !== ids[i]) return 'partial';
  }
  return 'full';
}

/** A partial match means the client retried a different batch: EventStoreDB treats it as a conflict. */
function fromMatch(match: Match, start: number, ids: readonly string[], actual: bigint | 'no_stream'): AppendDecision {
  if (match === 'full') return { kind: 'idempotent', lastIndex: start + ids.length - 1 };
  return { kind: 'wrong', actual };
}

/** For `any` and `stream_exists`, a retry is recognised wherever its first id already is. */
function byFirstId(
  state: StreamState | undefined,
  ids: readonly string[],
  actual: bigint | 'no_stream',
): AppendDecision {
  const first = ids.length > 0 && state ? state.revisionOfId(ids[0]) : undefined;
  if (first === undefined || !state) return { kind: 'append' };
  return fromMatch(matchAt(state, first, ids), first, ids, actual);
}

export function decideAppend(
  state: StreamState | undefined,
  expected: ExpectedRevision,
  ids: readonly string[],
): AppendDecision {
  if (state?.tombstone) return { kind: 'deleted' };
  const count = state?.count ?? 0;
  const exists = state !== undefined && count > 0 && !state.isSoftDeleted();
  const actual: bigint | 'no_stream' = exists ? BigInt(count - 1) : 'no_stream';
  if (expected === 'any') return byFirstId(state, ids, actual);
  if (expected === 'stream_exists') return exists ? byFirstId(state, ids, actual) : { kind: 'wrong', actual };
  if (expected === 'no_stream') {
    if (!exists) return { kind: 'append' };
    if (ids.length === 0 || !state) return { kind: 'wrong', actual };
    return fromMatch(matchAt(state, 0, ids), 0, ids, actual);
  }
  // A soft-deleted stream keeps its last revision, so expecting it still appends (and revives it).
  if (expected === BigInt(count - 1) && (exists || count > 0)) return { kind: 'append' };
  if (!state || ids.length === 0 || expected >= BigInt(count - 1)) return { kind: 'wrong', actual };
  const start = Number(expected) + 1;
  return fromMatch(matchAt(state, start, ids), start, ids, actual);
}
