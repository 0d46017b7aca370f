// Decoding a BSON document so that every value comes back with the type it was sent with.
import { BSON, Double, Int32 } from 'bson';
import { isPlainObject, type Doc } from '../query/paths.js';

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;

/**
 * Decodes the document at `index`. JS numbers and RegExps cannot say everything BSON can: an
 * integral double (5.0) would come back as the int32 5, an int64 as a number, a regex with mongod's
 * `x` or `u` flags without them. Documents holding one of those are decoded keeping Double, Long
 * and BSONRegExp wrappers for exactly those values; every other document (nearly all) takes the
 * bson package's fast promoting decoder after one pass over its bytes.
 */
export function decodeDocument(buffer: Buffer, index: number, end: number): Doc {
  // Option objects written out in place: spreading shared ones made the bson decoder ~40 % slower.
  if (!holdsWideValues(buffer, index, end))
    return deserialize(buffer, { index, allowObjectSmallerThanBufferSize: true });
  return settle(
    deserialize(buffer, { index, allowObjectSmallerThanBufferSize: true, promoteValues: false, bsonRegExp: true }),
  ) as Doc;
}

/**
 * Invalid UTF-8 is accepted, as mongod accepts it (it does not validate strings): such a document
 * is decoded again with U+FFFD in place of the bad bytes, which is also what a driver reading
 * mongod's copy without validation sees. Only then, because decoding without validation is slower.
 */
function deserialize(buffer: Buffer, options: BSON.DeserializeOptions): Doc {
  try {
    return BSON.deserialize(buffer, options);
  } catch (error) {
    if (!/Invalid UTF-8/i.test((error as Error).message)) throw error;
    return BSON.deserialize(buffer, { ...options, validation: { utf8: false } });
  }
}

/** Int32 and the doubles a JS number keeps exactly go back to numbers; Double (integral), Long and BSONRegExp stay. */
function settle(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = settle(value[i]);
    return value;
  }
  if (isPlainObject(value)) {
    for (const key of Object.keys(value)) value[key] = settle(value[key]);
    return value;
  }
  if (value instanceof Int32) return value.value;
  if (value instanceof Double) return losesTypeAsNumber(value.value) ? value : value.value;
  if ((value as { _bsontype?: string })._bsontype === 'BSONSymbol') return String(value);
  return value;
}

/** A double that would be written back as an int32 if it were a plain JS number. */
export function losesTypeAsNumber(value: number): boolean {
  return Number.isInteger(value) && value >= INT32_MIN && value <= INT32_MAX && !Object.is(value, -0);
}

/**
 * One pass over the document's elements (nested documents entered in place): true at the first
 * integral double, int64 or regex. Malformed bytes answer false and are left to the decoder to refuse.
 */
function holdsWideValues(buffer: Buffer, start: number, end: number): boolean {
  let i = start + 4;
  try {
    while (i < end) {
      const type = buffer[i++];
      if (type === 0) continue;
      // Field names are short: a plain loop beats a native indexOf call per element.
      while (i < end && buffer[i] !== 0) i++;
      if (i >= end) return false;
      i++;
      switch (type) {
        case 0x01:
          if (losesTypeAsNumber(buffer.readDoubleLE(i))) return true;
          i += 8;
          break;
        case 0x02:
        case 0x0d:
        case 0x0e:
          i += 4 + buffer.readInt32LE(i);
          break;
        case 0x03:
        case 0x04:
          i += 4;
          break;
        case 0x05:
          i += 5 + buffer.readInt32LE(i);
          break;
        case 0x06:
        case 0x0a:
        case 0x7f:
        case 0xff:
          break;
        case 0x07:
          i += 12;
          break;
        case 0x08:
          i += 1;
          break;
        case 0x09:
        case 0x11:
          i += 8;
          break;
        case 0x0b:
        case 0x12:
          return true;
        case 0x0c:
          i += 16 + buffer.readInt32LE(i);
          break;
        case 0x0f:
          i += buffer.readInt32LE(i);
          break;
        case 0x10:
          i += 4;
          break;
        case 0x13:
          i += 16;
          break;
        default:
          return false;
      }
    }
  } catch {
    return false;
  }
  return false;
}
