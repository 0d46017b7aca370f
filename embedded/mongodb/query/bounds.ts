// Reads a filter for per-field bounds an index can serve: equality points or one value range.
import { isPlainObject, type Doc } from './paths.js';
import { TypeBracket } from './bson-order.js';

/** Either a set of exact values or an inclusive range (type-bracketed like MongoDB's $gt/$lt). */
export type FieldBounds =
  | { kind: 'points'; values: unknown[] }
  | { kind: 'range'; low: unknown; high: unknown };

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
  const usable = (v: unknown): boolean => v !== undefined && v !== null && indexable(v) && !isPlainObject(v);
  if (usable(low) && usable(high)) return { kind: 'range', low, high };
  if (usable(low)) return { kind: 'range', low, high: TypeBracket.above(low) };
  if (usable(high)) return { kind: 'range', low: TypeBracket.below(high), high };
  return undefined;
}

/**
 * Bounds for each top-level field of `filter` (and of its `$and` members). Bounds only ever
 * narrow the scan to a superset of the matches: the full filter is still applied to each document.
 */
export function extractBounds(filter: Doc): Map<string, FieldBounds> {
  const bounds = new Map<string, FieldBounds>();
  const visit = (clause: Doc): void => {
    for (const [field, condition] of Object.entries(clause)) {
      if (field === '$and' && Array.isArray(condition)) {
        for (const member of condition) if (isPlainObject(member)) visit(member);
        continue;
      }
      if (field.startsWith('$') || bounds.has(field)) continue;
      const b = boundsOf(condition);
      if (b) bounds.set(field, b);
    }
  };
  visit(filter);
  return bounds;
}
