// Reads a filter for per-field bounds an index can serve: equality points or one value range.
import { isPlainObject, type Doc } from './paths.js';
import { TypeBracket } from './bson-order.js';

/** Either a set of exact values or an inclusive range (type-bracketed like MongoDB's $gt/$lt). */
export type FieldBounds = { kind: 'points'; values: unknown[] } | { kind: 'range'; low: unknown; high: unknown };

/** A value an index key can be compared with: no arrays, regexes or operator documents. */
function indexable(value: unknown): boolean {
  if (Array.isArray(value) || value instanceof RegExp) return false;
  if ((value as { _bsontype?: string } | null)?._bsontype === 'BSONRegExp') return false;
  if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) return false;
  return true;
}

function boundsOf(condition: unknown): FieldBounds | undefined {
  if (!isPlainObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) {
    return indexable(condition) ? { kind: 'points', values: [condition] } : undefined;
  }
  if ('$eq' in condition) return indexable(condition.$eq) ? { kind: 'points', values: [condition.$eq] } : undefined;
  if ('$in' in condition) {
    const values = condition.$in;
    return Array.isArray(values) && values.every(indexable) ? { kind: 'points', values } : undefined;
  }
  const low = condition.$gt ?? condition.$gte;
  const high = condition.$lt ?? condition.$lte;
  if (usableBound(low) && usableBound(high)) return { kind: 'range', low, high };
  if (usableBound(low)) return { kind: 'range', low, high: TypeBracket.above(low) };
  if (usableBound(high)) return { kind: 'range', low: TypeBracket.below(high), high };
  return undefined;
}

function usableBound(v: unknown): boolean {
  return v !== undefined && v !== null && indexable(v) && !isPlainObject(v);
}

/**
 * Bounds for each top-level field of `filter` (and of its `$and` members). Bounds only ever
 * narrow the scan to a superset of the matches: the full filter is still applied to each document.
 */
export function extractBounds(filter: Doc): Map<string, FieldBounds> {
  const bounds = new Map<string, FieldBounds>();
  collectBounds(filter, bounds);
  return bounds;
}

// A module-level function, not a closure: under tsx every named closure costs a defineProperty
// per call, and this runs for every find, update and delete.
function collectBounds(clause: Doc, bounds: Map<string, FieldBounds>): void {
  for (const field of Object.keys(clause)) {
    const condition = clause[field];
    if (field === '$and' && Array.isArray(condition)) {
      for (const member of condition) if (isPlainObject(member)) collectBounds(member, bounds);
      continue;
    }
    if (field.startsWith('$') || bounds.has(field)) continue;
    const b = boundsOf(condition);
    if (b) bounds.set(field, b);
  }
}
