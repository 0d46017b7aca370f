// How MongoDB prints index keys in duplicate-key messages, and a canonical string key for _id lookups.
import { EJSON } from 'bson';
import { isPlainObject } from '../query/paths.js';

/** Renders a value like mongod's error messages: strings quoted, ObjectId('…'), new Date(ms). */
export function formatKeyValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (Array.isArray(value)) return `[ ${value.map(formatKeyValue).join(', ')} ]`;
  const bsontype = (value as { _bsontype?: string })._bsontype;
  if (bsontype === 'ObjectId') return `ObjectId('${String(value)}')`;
  if (isPlainObject(value)) {
    const fields = Object.entries(value).map(([k, v]) => `${k}: ${formatKeyValue(v)}`);
    return fields.length === 0 ? '{}' : `{ ${fields.join(', ')} }`;
  }
  return String(value);
}

/** `{ a: 1, b: "x" }` from the index's field names and one key's values. */
export function formatKey(fields: string[], values: unknown[]): string {
  return `{ ${fields.map((f, i) => `${f}: ${formatKeyValue(values[i])}`).join(', ')} }`;
}

/** A string equal for equal _id values (1, 1.0 and Long(1) alike), so _id lookups are one Map access. */
export function canonicalIdKey(value: unknown): string {
  switch (typeof value) {
    case 'number':
      return `n${value === 0 ? 0 : value}`;
    case 'string':
      return `s${value}`;
    case 'object': {
      const bsontype = (value as { _bsontype?: string } | null)?._bsontype;
      if (bsontype === 'ObjectId') return `o${String(value)}`;
      // A Long prints exactly (Number() would merge neighbours beyond 2^53); within 2^53 it prints as the equal number does.
      if (bsontype === 'Long') return `n${String(value)}`;
      if (bsontype === 'Int32' || bsontype === 'Double') return `n${Number(value) === 0 ? 0 : Number(value)}`;
      if (value instanceof Date) return `d${value.getTime()}`;
      return `x${EJSON.stringify({ v: value }, { relaxed: true })}`;
    }
    default:
      return `x${String(value)}`;
  }
}
