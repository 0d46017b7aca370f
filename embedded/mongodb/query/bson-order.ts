// MongoDB's total order over BSON values (type brackets first, then values), shared by sorting and indexes.

/**
 * Rank of each BSON type in MongoDB's comparison order: MinKey, null, numbers, strings, objects,
 * arrays, binary, ObjectId, booleans, dates, timestamps, regular expressions, MaxKey.
 */
export function typeRank(value: unknown): number {
  if (value === undefined || value === null) return 2;
  switch (typeof value) {
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    case 'boolean':
      return 9;
    case 'object':
      break;
    default:
      return 12.5;
  }
  if (Array.isArray(value)) return 6;
  if (value instanceof Date) return 10;
  if (value instanceof RegExp) return 12;
  if (value instanceof Uint8Array) return 7;
  if (value instanceof TypeBracket) return value.rank;
  switch ((value as { _bsontype?: string })._bsontype) {
    case 'MinKey':
      return 1;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 3;
    case 'BSONSymbol':
      return 4;
    case 'Binary':
      return 7;
    case 'ObjectId':
      return 8;
    case 'Timestamp':
      return 11;
    case 'BSONRegExp':
      return 12;
    case 'Code':
      return 12.5;
    case 'MaxKey':
      return 13;
    default:
      return 5;
  }
}

/** A bound sitting just below (`edge` -0.5) or above (+0.5) every value of one type bracket. */
export class TypeBracket {
  constructor(readonly rank: number) {}
  static below(value: unknown): TypeBracket {
    return new TypeBracket(typeRank(value) - 0.5);
  }
  static above(value: unknown): TypeBracket {
    return new TypeBracket(typeRank(value) + 0.5);
  }
}

function asNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  const wrapped = value as { _bsontype: string; toNumber?: () => number; valueOf(): unknown; toString(): string };
  if (wrapped._bsontype === 'Long') return wrapped.toNumber!();
  if (wrapped._bsontype === 'Decimal128') return Number(wrapped.toString());
  return Number(wrapped.valueOf());
}

const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return sign(a.length - b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return sign(a[i] - b[i]);
  return 0;
}

function compareObjects(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  const n = Math.min(keysA.length, keysB.length);
  for (let i = 0; i < n; i++) {
    const va = a[keysA[i]];
    const vb = b[keysB[i]];
    const byType = sign(typeRank(va) - typeRank(vb));
    if (byType !== 0) return byType;
    if (keysA[i] !== keysB[i]) return keysA[i] < keysB[i] ? -1 : 1;
    const byValue = compareBson(va, vb);
    if (byValue !== 0) return byValue;
  }
  return sign(keysA.length - keysB.length);
}

/** Compares two BSON values as MongoDB does (-1, 0, 1); numbers of every width compare by value. */
export function compareBson(a: unknown, b: unknown): number {
  // Index keys are mostly strings, plain numbers or dates on both sides: those skip the ranking.
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number' && a === a && b === b) return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return sign(a.getTime() - b.getTime());
  return compareByType(a, b);
}

/** The general comparison: type brackets first, then the values within the bracket. */
export function compareByType(a: unknown, b: unknown): number {
  const rankA = typeRank(a);
  const rankB = typeRank(b);
  if (rankA !== rankB) return sign(rankA - rankB);
  switch (rankA) {
    case 3: {
      const x = asNumber(a);
      const y = asNumber(b);
      if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
      if (Number.isNaN(y)) return 1;
      return sign(x - y);
    }
    case 4: {
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 5:
      return compareObjects(a as Record<string, unknown>, b as Record<string, unknown>);
    case 6: {
      const xs = a as unknown[];
      const ys = b as unknown[];
      const n = Math.min(xs.length, ys.length);
      for (let i = 0; i < n; i++) {
        const c = compareBson(xs[i], ys[i]);
        if (c !== 0) return c;
      }
      return sign(xs.length - ys.length);
    }
    case 7: {
      const x = a instanceof Uint8Array ? a : (a as { buffer: Uint8Array }).buffer;
      const y = b instanceof Uint8Array ? b : (b as { buffer: Uint8Array }).buffer;
      return compareBytes(x, y);
    }
    case 8:
      return compareBytes((a as { id: Uint8Array }).id, (b as { id: Uint8Array }).id);
    case 9:
      return sign(Number(a) - Number(b));
    case 10:
      return sign((a as Date).getTime() - (b as Date).getTime());
    case 11: {
      const x = a as { compare(o: unknown): number };
      return sign(x.compare(b));
    }
    default: {
      const x = String(a);
      const y = String(b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
  }
}

/** The value an array contributes to a sort: its smallest element ascending, its largest descending. */
export function sortKeyOf(value: unknown, direction: 1 | -1): unknown {
  if (!Array.isArray(value)) return value;
  if (value.length === 0) return undefined;
  let best = value[0];
  for (const element of value) {
    const c = compareBson(element, best);
    if ((direction === 1 && c < 0) || (direction === -1 && c > 0)) best = element;
  }
  return best;
}
