// A projector for plain inclusion and exclusion projections, without building a mingo query per find.
import { isPlainObject, type Doc } from './paths.js';

/** The projected paths as a tree: `{'a.b': 1, c: 1}` is a → (b → leaf), c → leaf. */
type PathTree = Map<string, PathTree | true>;

/** Only 0, 1, true and false: other numbers, strings and objects ($slice, $elemMatch, $meta, expressions) go to mingo. */
function flag(value: unknown): boolean | undefined {
  if (value === 1 || value === true) return true;
  if (value === 0 || value === false) return false;
  return undefined;
}

/**
 * Adds `path` to the tree; false when the path cannot be handled here: positional `a.$` and other
 * `$` parts, empty parts, numeric parts (mingo reads them as array indexes), and a path that is a
 * prefix of another (MongoDB's "path collision", which mingo reports).
 */
function addPath(tree: PathTree, path: string): boolean {
  const parts = path.split('.');
  if (parts.some((p) => p === '' || p.startsWith('$') || /^\d+$/.test(p))) return false;
  let node = tree;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = node.get(parts[i]);
    if (next === true) return false;
    if (next === undefined) {
      const made: PathTree = new Map();
      node.set(parts[i], made);
      node = made;
    } else node = next;
  }
  const last = parts[parts.length - 1];
  if (node.has(last)) return false;
  node.set(last, true);
  return true;
}

/**
 * Keeps the projected fields in the document's own order. Below a dotted path, a sub-document is
 * projected in turn, an array is projected element by element (nested arrays too, as find does),
 * and anything else is dropped: `{'a.b': 1}` over `{a: [{b: 1, c: 2}, 5]}` gives `{a: [{b: 1}]}`.
 */
function include(doc: Doc, tree: PathTree): Doc {
  const out: Doc = {};
  for (const key of Object.keys(doc)) {
    const below = tree.get(key);
    if (below === undefined) continue;
    if (below === true) out[key] = doc[key];
    else {
      const projected = includeBelow(doc[key], below);
      if (projected !== undefined) out[key] = projected;
    }
  }
  return out;
}

function includeBelow(value: unknown, tree: PathTree): unknown {
  if (isPlainObject(value)) return include(value, tree);
  if (!Array.isArray(value)) return undefined;
  const out: unknown[] = [];
  for (const element of value) {
    const projected = includeBelow(element, tree);
    if (projected !== undefined) out.push(projected);
  }
  return out;
}

/** Drops the projected fields; below a dotted path, arrays are walked and non-documents kept as they are. */
function exclude(doc: Doc, tree: PathTree): Doc {
  const out: Doc = {};
  for (const key of Object.keys(doc)) {
    const below = tree.get(key);
    if (below === undefined) out[key] = doc[key];
    else if (below !== true) out[key] = excludeBelow(doc[key], below);
  }
  return out;
}

function excludeBelow(value: unknown, tree: PathTree): unknown {
  if (isPlainObject(value)) return exclude(value, tree);
  if (Array.isArray(value)) return value.map((element) => excludeBelow(element, tree));
  return value;
}

/**
 * A function applying `projection` when it is a plain inclusion (`{a: 1, 'b.c': 1}`, `_id` kept
 * unless `_id: 0`) or exclusion (`{a: 0, 'b.c': 0}`, where `_id: 1` is allowed); undefined when
 * mingo must apply it, including the mixes of inclusion and exclusion it rejects with MongoDB's error.
 * The results are new objects whose unprojected values are shared with `doc`, which is never modified.
 */
export function compileSimpleProjection(projection: Doc): ((doc: Doc) => Doc) | undefined {
  let id: boolean | undefined;
  const included: string[] = [];
  const excluded: string[] = [];
  for (const [path, value] of Object.entries(projection)) {
    const on = flag(value);
    if (on === undefined || path.startsWith('_id.')) return undefined;
    if (path === '_id') id = on;
    else (on ? included : excluded).push(path);
  }
  if (included.length > 0 && excluded.length > 0) return undefined;
  const inclusion = included.length > 0 || (excluded.length === 0 && id === true);
  const tree: PathTree = new Map();
  for (const path of inclusion ? included : excluded) if (!addPath(tree, path)) return undefined;
  if (inclusion) {
    if (id !== false) tree.set('_id', true);
    return (doc) => include(doc, tree);
  }
  if (id === false) tree.set('_id', true);
  return (doc) => exclude(doc, tree);
}
