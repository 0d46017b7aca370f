// Pure range arithmetic for reads: which slice of a stream or of `$all` a read returns.
import type { Direction, ReadFrom, RecordedEvent } from './types.js';

/** Index of the first of `events[0..end)` whose position is at least `position` (positions increase). */
export function lowerBound(events: readonly RecordedEvent[], end: number, position: bigint): number {
  let low = 0;
  let high = end;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (events[mid].position < position) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Events of one stream between the first visible revision and `upTo` (exclusive), `from` inclusive. */
export function readStreamRange(
  events: readonly RecordedEvent[],
  first: number,
  upTo: number,
  from: ReadFrom,
  direction: Direction,
  maxCount: number,
): RecordedEvent[] {
  const result: RecordedEvent[] = [];
  if (direction === 'forwards') {
    let start = first;
    if (from === 'end') start = upTo;
    else if (typeof from === 'bigint') start = from >= BigInt(upTo) ? upTo : Math.max(first, Number(from));
    for (let i = start; i < upTo && result.length < maxCount; i++) result.push(events[i]);
    return result;
  }
  let start = upTo - 1;
  if (from === 'start') start = Math.min(first, upTo - 1);
  else if (typeof from === 'bigint' && from < BigInt(upTo)) start = Number(from);
  for (let i = start; i >= first && result.length < maxCount; i--) result.push(events[i]);
  return result;
}
