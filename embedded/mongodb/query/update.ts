// Applies an update (operators, replacement or pipeline) to a copy of a document, and seeds upserts.
import { Aggregator, update as applyOperators } from 'mingo';
import { MongoServerError } from '../errors.js';
import { cloneDocument, isPlainObject, setPath, type Doc } from './paths.js';
import { checkFieldTypes, checkOperators } from './update-checks.js';
import { tryFastUpdate } from './update-fast.js';
import { isBsonRegExp, plainView, restoreWrappers } from './wide-values.js';

export type UpdateSpec = Doc | Doc[];

export interface UpdateOptions {
  filter: Doc;
  arrayFilters?: Doc[];
  /** `let` and `c` variables for `$$name` in a pipeline update. */
  variables?: Doc;
  /** True when the document is being created by an upsert: $setOnInsert applies. */
  inserting: boolean;
}

export function isOperatorUpdate(update: UpdateSpec): boolean {
  return !Array.isArray(update) && Object.keys(update).some((k) => k.startsWith('$'));
}

export function validateUpdate(update: unknown): UpdateSpec {
  if (Array.isArray(update)) return update as Doc[];
  if (!isPlainObject(update)) throw new MongoServerError(9, 'Update argument must be either an object or an array');
  if (isOperatorUpdate(update)) checkOperators(update as Doc);
  return update;
}

/** The updated document; the stored one is never modified in place. */
export function applyUpdate(doc: Doc, update: UpdateSpec, options: UpdateOptions): Doc {
  if (Array.isArray(update)) return applyPipeline(doc, update, options.variables);
  if (!isOperatorUpdate(update)) return replacing(doc, update);
  const { $setOnInsert, ...operators } = update as Doc;
  if (options.inserting && isPlainObject($setOnInsert)) {
    operators.$set = { ...(operators.$set as Doc | undefined), ...$setOnInsert };
  }
  const copy = cloneDocument(doc);
  checkFieldTypes(copy, operators);
  if (Object.keys(operators).length === 0 || tryFastUpdate(copy, operators)) return copy;
  try {
    // Conditions ($pull, array filters, the filter a positional `$` follows) are read by mingo, which
    // knows plain values only; values being written keep their Double/Long/BSONRegExp.
    if (operators.$pull !== undefined) operators.$pull = plainView(operators.$pull);
    applyOperators(
      copy,
      operators,
      plainView(options.arrayFilters),
      options.inserting ? undefined : plainView(options.filter),
    );
  } catch (error) {
    const message = (error as Error).message;
    // mingo refuses _id changes itself, with MongoDB's wording but no code.
    throw new MongoServerError(/immutable field/.test(message) ? 66 : 2, message);
  }
  return copy;
}

/**
 * The replacement with `_id` first: the one it repeats, or the stored one when it leaves it out
 * (a different one is refused by the collection). One copying loop: object rest and spread cost
 * more than the rest of a replace by `_id`.
 */
function replacing(stored: Doc, replacement: Doc): Doc {
  const out: Doc = { _id: replacement._id === undefined ? stored._id : replacement._id };
  for (const key of Object.keys(replacement)) if (key !== '_id') out[key] = replacement[key];
  return out;
}

/** A pipeline's result replaces the document; one that dropped `_id` ($replaceRoot, $unset) keeps the stored one, as in mongod. */
function applyPipeline(doc: Doc, pipeline: Doc[], variables: Doc | undefined): Doc {
  let result: Doc | undefined;
  try {
    // mingo knows plain JS values only; the fields a pipeline leaves alone get their Double/Long/BSONRegExp back.
    [result] = new Aggregator(plainView(pipeline), variables && { variables }).run([
      cloneDocument(plainView(doc)),
    ]) as Doc[];
    result = restoreWrappers(doc, result);
  } catch (error) {
    throw new MongoServerError(2, (error as Error).message);
  }
  if (!isPlainObject(result)) throw new MongoServerError(2, 'Update pipeline must produce a document');
  return result._id === undefined ? replacing(doc, result) : result;
}

/**
 * The document an upsert starts from: the filter's equality conditions (`{a: 1}`, `{a: {$eq: 1}}`,
 * also inside `$and`), with dotted paths expanded, before the update itself is applied.
 */
export function upsertSeed(filter: Doc): Doc {
  const seed: Doc = {};
  seedFrom(filter, seed);
  return seed;
}

// Not a closure inside upsertSeed: under tsx each named closure costs a defineProperty per call.
function seedFrom(clause: Doc, seed: Doc): void {
  for (const [field, condition] of Object.entries(clause)) {
    if (field === '$and' && Array.isArray(condition)) {
      for (const member of condition) if (isPlainObject(member)) seedFrom(member, seed);
      continue;
    }
    if (field.startsWith('$')) continue;
    if (isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith('$'))) {
      if ('$eq' in condition) setPath(seed, field, cloneDocument(condition.$eq));
      continue;
    }
    if (condition instanceof RegExp || isBsonRegExp(condition)) continue;
    setPath(seed, field, cloneDocument(condition));
  }
}
