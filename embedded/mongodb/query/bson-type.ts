// The BSON type of a stored value by mongod's alias, for `$type` (which mingo cannot answer for Double or Long).
import { losesTypeAsNumber } from '../wire/decode-document.js';
import { isPlainObject } from './paths.js';

const CODES: Record<number, string> = {
  1: 'double',
  2: 'string',
  3: 'object',
  4: 'array',
  5: 'binData',
  6: 'undefined',
  7: 'objectId',
  8: 'bool',
  9: 'date',
  10: 'null',
  11: 'regex',
  13: 'javascript',
  16: 'int',
  17: 'timestamp',
  18: 'long',
  19: 'decimal',
  [-1]: 'minKey',
  127: 'maxKey',
};
const ALIASES = new Set([...Object.values(CODES), 'number']);
const WRAPPED: Record<string, string> = {
  Double: 'double',
  Int32: 'int',
  Long: 'long',
  Decimal128: 'decimal',
  ObjectId: 'objectId',
  Binary: 'binData',
  UUID: 'binData',
  BSONRegExp: 'regex',
  Timestamp: 'timestamp',
  MinKey: 'minKey',
  MaxKey: 'maxKey',
  Code: 'javascript',
};
const NUMERIC = new Set(['double', 'int', 'long', 'decimal']);

/** mongod's alias for the BSON type `value` is stored as (a plain number by how the bson package writes it). */
export function bsonTypeAlias(value: unknown): string | undefined {
  switch (typeof value) {
    case 'number':
      return losesTypeAsNumber(value) ? 'int' : 'double';
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'long';
    case 'undefined':
      return undefined;
    default:
      break;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regex';
  if (isPlainObject(value)) return 'object';
  return WRAPPED[(value as { _bsontype?: string })._bsontype ?? ''];
}

/**
 * A test for `{$type: alias | code | [...]}` on one value, or undefined when the argument is not
 * understood or asks for `array` (arrays are matched as a whole, which the element-wise direct
 * matcher cannot see: mingo decides those).
 */
export function typeTest(argument: unknown): ((value: unknown) => boolean) | undefined {
  const wanted = new Set<string>();
  for (const item of Array.isArray(argument) ? argument : [argument]) {
    const alias =
      typeof item === 'number' ? CODES[item] : typeof item === 'string' && ALIASES.has(item) ? item : undefined;
    if (!alias || alias === 'array') return undefined;
    wanted.add(alias);
  }
  if (wanted.size === 0) return undefined;
  const numbers = wanted.has('number');
  return (value) => {
    const alias = bsonTypeAlias(value);
    return alias !== undefined && (wanted.has(alias) || (numbers && NUMERIC.has(alias)));
  };
}
