// Stored values that keep their BSON type in a wrapper (Double, Long, BSONRegExp), and their plain JS views.
import { isPlainObject, type Doc } from './paths.js';

interface BsonRegExpLike {
  _bsontype: 'BSONRegExp';
  pattern: string;
  options: string;
}

const WRAPPERS = new Set(['Double', 'Long', 'BSONRegExp']);

const bsonType = (value: unknown): string | undefined =>
  typeof value === 'object' && value !== null ? (value as { _bsontype?: string })._bsontype : undefined;

export const isBsonRegExp = (value: unknown): value is BsonRegExpLike => bsonType(value) === 'BSONRegExp';

/** Whether `value` holds a wrapper anywhere: mingo, which knows none of them, then needs the plain view. */
function holdsWrappers(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (Array.isArray(value)) return value.some(holdsWrappers);
  if (isPlainObject(value)) {
    for (const key in value) if (holdsWrappers(value[key])) return true;
    return false;
  }
  return WRAPPERS.has(bsonType(value) ?? '');
}

/**
 * The plain JS view of a value for mingo: Double and Long as numbers, BSONRegExp as a RegExp.
 * Only the parts holding wrappers are copied.
 */
export function plainView<T>(value: T): T {
  // One walk: a container is copied only once one of its values has come back changed (no holdsWrappers
  // at every level, which walked each subtree again per level of nesting, on every document mingo tests).
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = plainView(value[i]);
      if (!Object.is(item, value[i])) (copy ??= value.slice())[i] = item;
    }
    return (copy ?? value) as T;
  }
  if (isPlainObject(value)) {
    let copy: Doc | undefined;
    for (const key of Object.keys(value)) {
      const item: unknown = plainView(value[key]);
      if (!Object.is(item, value[key])) (copy ??= { ...value })[key] = item;
    }
    return (copy ?? value) as T;
  }
  if (!WRAPPERS.has(bsonType(value) ?? '')) return value;
  if (isBsonRegExp(value)) return toJsRegExp(value) as T;
  return Number(value) as T;
}

/**
 * A RegExp that matches as mongod's PCRE would with these options: i, m and s carry over, `x`
 * (extended) drops unescaped whitespace and `#` comments, `u` is JS's unicode mode, `l` has no effect.
 */
export function toJsRegExp(regex: { pattern: string; options: string }): RegExp {
  let source = regex.pattern;
  if (regex.options.includes('x')) source = source.replace(/\\.|#[^\n]*|\s+/g, (m) => (m.startsWith('\\') ? m : ''));
  const flags = [...new Set(regex.options)].filter((f) => 'imsu'.includes(f)).join('');
  return new RegExp(source, flags);
}

/** mongod's BSON flags for a JS RegExp as the bson package writes them (its `g` stands for BSON's `s`). */
function flagsOf(regex: RegExp): string {
  return [
    regex.ignoreCase ? 'i' : '',
    regex.multiline ? 'm' : '',
    regex.global || regex.dotAll ? 's' : '',
    regex.unicode ? 'u' : '',
  ].join('');
}

/** Two regular expressions with the same pattern and flags: how a stored regex equals a queried one. */
export function sameRegex(a: unknown, b: unknown): boolean {
  const view = (r: unknown): [string, string] | undefined => {
    if (isBsonRegExp(r)) return [r.pattern, [...r.options].sort().join('')];
    if (r instanceof RegExp) return [r.source, [...flagsOf(r)].sort().join('')];
    return undefined;
  };
  const [x, y] = [view(a), view(b)];
  return x !== undefined && y !== undefined && x[0] === y[0] && x[1] === y[1];
}

/**
 * `result` (computed by mingo from the plain view of `original`) with the original wrappers put
 * back wherever a value came through unchanged: a pipeline update or a projection does not turn
 * the fields it leaves alone into plain numbers.
 */
export function restoreWrappers<T>(original: unknown, result: T): T {
  if (original === result || !holdsWrappers(original)) return result;
  if (isPlainObject(original) && isPlainObject(result)) {
    const target: Doc = result;
    for (const key of Object.keys(target)) target[key] = restoreWrappers(original[key], target[key]);
    return result;
  }
  if (Array.isArray(original) && Array.isArray(result)) {
    for (let i = 0; i < result.length; i++) result[i] = restoreWrappers(original[i], result[i]);
    return result;
  }
  if (typeof result === 'number' && (bsonType(original) === 'Double' || bsonType(original) === 'Long')) {
    return (Number(original) === result ? original : result) as T;
  }
  if (result instanceof RegExp && isBsonRegExp(original) && toJsRegExp(original).source === result.source)
    return original as T;
  return result;
}
