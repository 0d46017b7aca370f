// Sort specifications turned into comparators that follow MongoDB's cross-type order.
import { MongoServerError } from '../errors.js';
import { compareBson, sortKeyOf } from './bson-order.js';
import { isPlainObject, valuesAtPath, type Doc } from './paths.js';

export type Comparator = (a: Doc, b: Doc) => number;

function sortValue(doc: Doc, path: string, direction: 1 | -1): unknown {
  const { values, arrays } = valuesAtPath(doc, path);
  return arrays
    ? sortKeyOf(
        values.filter((v) => v !== undefined),
        direction,
      )
    : values[0];
}

/** A comparator for `{field: 1 | -1, …}`; null when there is nothing to sort by. */
export function compileSort(spec: unknown): Comparator | null {
  if (spec === undefined || spec === null) return null;
  if (!isPlainObject(spec)) throw new MongoServerError(14, 'Expected field sortto be of type object');
  const keys = Object.entries(spec).map(([path, direction]) => {
    const d = Number(direction);
    if (d !== 1 && d !== -1)
      throw new MongoServerError(15974, `Illegal key in $sort specification: ${path}: ${String(direction)}`);
    return { path, direction: d as 1 | -1 };
  });
  if (keys.length === 0) return null;
  return (a, b) => {
    for (const { path, direction } of keys) {
      const c = compareBson(sortValue(a, path, direction), sortValue(b, path, direction));
      if (c !== 0) return c * direction;
    }
    return 0;
  };
}

/**
 * Sorts with keys computed once per document (a decorate-sort-undecorate), which matters when
 * a query without an index sorts a large collection.
 */
export function sortDocuments<T extends Doc>(docs: T[], spec: unknown): T[] {
  const comparator = compileSort(spec);
  if (!comparator) return docs;
  const keys = Object.entries(spec as Doc).map(([path, d]) => ({ path, direction: Number(d) as 1 | -1 }));
  const decorated = docs.map((doc) => ({
    doc,
    values: keys.map(({ path, direction }) => sortValue(doc, path, direction)),
  }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareBson(a.values[i], b.values[i]);
      if (c !== 0) return c * keys[i].direction;
    }
    return 0;
  });
  return decorated.map((d) => d.doc);
}
