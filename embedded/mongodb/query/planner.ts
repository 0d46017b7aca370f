// Chooses how to find a filter's candidates: the _id map, one secondary index, or a collection scan.
import { extractBounds, type FieldBounds } from './bounds.js';
import type { Doc } from './paths.js';
import { HIGH, LOW, type CollectionIndex, type Entry } from '../storage/collection-index.js';
import type { Collection } from '../storage/collection.js';
import { ID_INDEX_NAME } from '../storage/collection.js';

/** Cap on equality combinations expanded over a compound index (`$in` × `$in` …). */
const MAX_POINTS = 1000;

export interface Plan {
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN';
  indexName?: string;
  keyPattern?: Doc;
  /**
   * Records that may match, each at most once. A collection scan iterates the live records, so
   * callers must finish reading before they modify the collection (`match` does).
   */
  candidates: Iterable<[number, Doc]>;
  keysExamined: number;
}

export function plan(collection: Collection, filter: Doc): Plan {
  const bounds = extractBounds(filter);
  const id = bounds.get('_id');
  if (id?.kind === 'points') {
    const candidates: Array<[number, Doc]> = [];
    const seen = new Set<number>();
    for (const value of id.values) {
      const found = collection.findById(value);
      if (found && !seen.has(found[0])) {
        seen.add(found[0]);
        candidates.push(found);
      }
    }
    return {
      stage: 'IDHACK',
      indexName: ID_INDEX_NAME,
      keyPattern: { _id: 1 },
      candidates,
      keysExamined: candidates.length,
    };
  }
  const best = chooseIndex(collection, bounds);
  if (!best) return { stage: 'COLLSCAN', candidates: collection.records.entries(), keysExamined: 0 };
  const { index, usable } = best;
  const intervals = scanIntervals(index, usable);
  // A record shows up twice only through several intervals or several keys of its own (multikey).
  const seen = intervals.length > 1 || index.multikey ? new Set<number>() : undefined;
  const candidates: Array<[number, Doc]> = [];
  let keysExamined = 0;
  const visit = (entry: Entry): void => {
    keysExamined++;
    if (seen) {
      if (seen.has(entry.seq)) return;
      seen.add(entry.seq);
    }
    candidates.push([entry.seq, collection.records.get(entry.seq)!]);
  };
  for (const [low, high] of intervals) {
    index.entries.forEachInRange({ key: low, seq: -Infinity }, { key: high, seq: Infinity }, visit);
  }
  return { stage: 'IXSCAN', indexName: index.name, keyPattern: index.spec.key, candidates, keysExamined };
}

/** The index whose leading fields the filter constrains most (equalities first, then one range). */
function chooseIndex(
  collection: Collection,
  bounds: Map<string, FieldBounds>,
): { index: CollectionIndex; usable: FieldBounds[] } | undefined {
  let best: { index: CollectionIndex; usable: FieldBounds[]; score: number } | undefined;
  for (const index of collection.indexes.values()) {
    if (!index.usableForQueries) continue;
    const usable: FieldBounds[] = [];
    let score = 0;
    for (const field of index.fields) {
      const b = bounds.get(field);
      if (!b || (b.kind === 'range' && index.multikey)) break;
      usable.push(b);
      score += b.kind === 'points' ? 2 : 1;
      if (b.kind === 'range') break;
    }
    if (score > 0 && (!best || score > best.score)) best = { index, usable, score };
  }
  return best;
}

/** Low/high key tuples to scan, in index order (descending fields swap their bounds). */
function scanIntervals(index: CollectionIndex, usable: FieldBounds[]): Array<[unknown[], unknown[]]> {
  let intervals: Array<[unknown[], unknown[]]> = [[[], []]];
  let used = 0;
  for (const b of usable) {
    if (b.kind === 'points') {
      if (intervals.length * b.values.length > MAX_POINTS) break;
      intervals = intervals.flatMap(([low, high]) =>
        b.values.map((v): [unknown[], unknown[]] => [
          [...low, v],
          [...high, v],
        ]),
      );
    } else {
      const [low, high] = index.directions[used] < 0 ? [b.high, b.low] : [b.low, b.high];
      intervals = intervals.map(([l, h]) => [
        [...l, low],
        [...h, high],
      ]);
    }
    used++;
  }
  const pad = index.fields.length - used;
  return intervals.map(([l, h]) => [
    [...l, ...Array(pad).fill(LOW)],
    [...h, ...Array(pad).fill(HIGH)],
  ]);
}
