// Whether two documents would serialize to the same BSON bytes, mostly without serializing them.
import { BSON } from 'bson';
import { isPlainObject, type Doc } from './paths.js';

/** Answer of the structural walk: equal, different, or "ask the serializer" for values it does not know. */
type Verdict = boolean | undefined;

/**
 * Same bytes as `BSON.serialize` would give, which is mongod's notion of an unmodified document
 * (same fields, order, types and values). Plain objects, arrays, strings, numbers, booleans,
 * null and dates are compared directly; anything else is compared by its serialized bytes.
 */
export function sameBson(a: Doc, b: Doc): boolean {
  return compareValues(a, b) ?? bytesOf(a).equals(bytesOf(b));
}

/** True only when `a` and `b` certainly serialize alike (e.g. index keys); false when unsure. */
export function sameBsonValue(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === true;
}

function bytesOf(doc: Doc): Buffer {
  return Buffer.from(BSON.serialize(doc));
}

const PRIMITIVES = new Set(['string', 'number', 'boolean']);

function compareValues(a: unknown, b: unknown): Verdict {
  const type = typeof a;
  if (type !== typeof b) return PRIMITIVES.has(type) && PRIMITIVES.has(typeof b) ? false : undefined;
  switch (type) {
    case 'string':
    case 'boolean':
      return a === b;
    case 'number':
      // Object.is: 0 and -0 serialize differently (int32 and double). NaN payloads are the serializer's call.
      return Number.isNaN(a) || Number.isNaN(b) ? undefined : Object.is(a, b);
    case 'object':
      break;
    default:
      // undefined (dropped by the serializer), functions, symbols, bigints: let the serializer decide.
      return undefined;
  }
  if (a === null || b === null) return a === b ? true : undefined;
  if (Array.isArray(a) && Array.isArray(b)) return compareArrays(a, b);
  if (a instanceof Date && b instanceof Date) {
    const [x, y] = [a.getTime(), b.getTime()];
    return Number.isNaN(x) || Number.isNaN(y) ? undefined : x === y;
  }
  if (isPlainObject(a) && isPlainObject(b)) return compareObjects(a, b);
  return undefined;
}

function compareArrays(a: unknown[], b: unknown[]): Verdict {
  if (a.length !== b.length) return undefined;
  for (let i = 0; i < a.length; i++) {
    const verdict = compareValues(a[i], b[i]);
    if (verdict !== true) return verdict;
  }
  return true;
}

function compareObjects(a: Doc, b: Doc): Verdict {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  // A field holding undefined is left out by the serializer, so key counts alone cannot decide.
  if (keysA.length !== keysB.length) return undefined;
  for (let i = 0; i < keysA.length; i++) {
    if (keysA[i] !== keysB[i]) return undefined;
    const verdict = compareValues(a[keysA[i]], b[keysB[i]]);
    if (verdict !== true) return verdict;
  }
  return true;
}
