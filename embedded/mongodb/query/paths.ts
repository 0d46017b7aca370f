// Dotted-path access into documents, following arrays the way MongoDB's index keys and sorts do.

export type Doc = Record<string, unknown>;

export const isPlainObject = (value: unknown): value is Doc =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  (Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null);

/**
 * Every value reachable at `path`: an array met on the way fans out over its elements
 * (`a.b` over `{a: [{b: 1}, {b: 2}]}` gives 1 and 2); a missing field gives `undefined`.
 * `arrays` reports whether any array was traversed or found at the end (a multikey value).
 */
export function valuesAtPath(doc: unknown, path: string): { values: unknown[]; arrays: boolean } {
  // The common case, a top-level field holding a scalar, needs no walk.
  if (!path.includes('.') && isPlainObject(doc) && !Array.isArray(doc[path]))
    return { values: [doc[path]], arrays: false };
  const out: unknown[] = [];
  let arrays = false;
  const parts = path.split('.');
  const walk = (value: unknown, depth: number): void => {
    if (depth === parts.length) {
      if (Array.isArray(value)) {
        arrays = true;
        if (value.length === 0) out.push(undefined);
        else out.push(...value);
      } else out.push(value);
      return;
    }
    if (Array.isArray(value)) {
      arrays = true;
      const index = Number(parts[depth]);
      if (Number.isInteger(index) && index >= 0 && String(index) === parts[depth]) {
        walk(value[index], depth + 1);
        return;
      }
      let found = false;
      for (const element of value) {
        if (isPlainObject(element)) {
          found = true;
          walk(element[parts[depth]], depth + 1);
        }
      }
      if (!found) out.push(undefined);
      return;
    }
    if (isPlainObject(value)) walk(value[parts[depth]], depth + 1);
    else out.push(undefined);
  };
  walk(doc, 0);
  return { values: out, arrays };
}

/** The value at `path` without fanning out over arrays (numeric parts index into them). */
export function getPath(doc: unknown, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(value)) value = value[Number(part)];
    else if (isPlainObject(value)) value = value[part];
    else return undefined;
  }
  return value;
}

/** Sets `path`, creating intermediate objects; used to seed upserts from a filter. */
export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let target: Doc = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlainObject(target[part])) target[part] = {};
    target = target[part] as Doc;
  }
  target[parts[parts.length - 1]] = value;
}

/** Deep copy of plain objects and arrays; BSON values (ObjectId, Binary…) are immutable and shared. */
export function cloneDocument<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDocument) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const copy: Doc = {};
    for (const key of Object.keys(value)) copy[key] = cloneDocument(value[key]);
    return copy as T;
  }
  return value;
}
