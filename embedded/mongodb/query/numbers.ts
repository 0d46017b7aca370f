// Arithmetic with mongod's number types: int32, int64 (Long) and double, the result as wide as its widest operand.
import { Double, Long } from 'bson';
import { losesTypeAsNumber } from '../wire/decode-document.js';

type Kind = 'int' | 'long' | 'double';

/**
 * The BSON type a value is written with: a plain JS number is an int32 when it is an integer in
 * int32 range (as the bson package writes it), a double otherwise; wrappers say theirs. Undefined
 * for anything else (Decimal128 included, left to mingo).
 */
function numberKind(value: unknown): Kind | undefined {
  if (typeof value === 'number') return losesTypeAsNumber(value) ? 'int' : 'double';
  const type = (value as { _bsontype?: string } | null)?._bsontype;
  if (type === 'Long') return 'long';
  if (type === 'Double' || type === 'Int32') return type === 'Double' ? 'double' : 'int';
  return undefined;
}

/** A double result as it must be stored: a plain number unless it would then be written as an int32. */
function asDouble(value: number): number | Double {
  return losesTypeAsNumber(value) ? new Double(value) : value;
}

const toLong = (value: unknown): Long => (value instanceof Long ? value : Long.fromNumber(Number(value)));

/**
 * `a + b` (or `a * b`) typed as mongod types it: int32 with int32 stays int32 unless it overflows
 * (then int64), int64 with an integer stays int64, anything with a double is a double. Undefined
 * when either side is not an int32, int64 or double.
 */
export function combineNumbers(a: unknown, b: unknown, operation: 'add' | 'multiply'): unknown {
  const [ka, kb] = [numberKind(a), numberKind(b)];
  if (!ka || !kb) return undefined;
  if (ka === 'double' || kb === 'double') {
    const [x, y] = [Number(a), Number(b)];
    return asDouble(operation === 'add' ? x + y : x * y);
  }
  if (ka === 'long' || kb === 'long')
    return operation === 'add' ? toLong(a).add(toLong(b)) : toLong(a).multiply(toLong(b));
  const result = operation === 'add' ? Number(a) + Number(b) : Number(a) * Number(b);
  return losesTypeAsNumber(result) ? result : toLong(a)[operation](toLong(b));
}
