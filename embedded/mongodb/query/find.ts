// Runs a query: plan the candidates, match with mingo, then sort, skip, limit and project.
import { Query } from 'mingo';
import { MongoServerError } from '../errors.js';
import type { Collection } from '../storage/collection.js';
import { plan, type Plan } from './planner.js';
import { cloneDocument, isPlainObject, type Doc } from './paths.js';
import { sortDocuments } from './sort.js';
import { compileSimpleFilter } from './simple-filter.js';
import { compileSimpleProjection } from './simple-projection.js';
import { plainView, restoreWrappers } from './wide-values.js';

export interface FindOptions {
  sort?: unknown;
  skip?: number;
  limit?: number;
  /** `let` variables for `$$name` in `$expr`. */
  variables?: Doc;
}

export interface Matched {
  /** Matching records as [sequence number, stored document], sorted, skipped and limited. */
  records: Array<[number, Doc]>;
  plan: Plan;
  docsExamined: number;
}

export interface Matcher {
  test(doc: Doc): boolean;
}

/** Simple filters are matched directly; anything richer goes through mingo's Query. */
export function compileFilter(filter: unknown, variables?: Doc): Matcher {
  if (filter !== undefined && filter !== null && !isPlainObject(filter)) {
    throw new MongoServerError(14, "BSON field 'filter' is the wrong type, expected type 'object'");
  }
  const simple = compileSimpleFilter((filter ?? {}) as Doc);
  if (simple) return { test: simple };
  try {
    // mingo knows plain JS values only: it gets the plain view of the filter and of each document.
    const query = new Query(plainView(filter as Doc), variables && { variables });
    return { test: (doc) => query.test(plainView(doc)) };
  } catch (error) {
    throw queryError(error, filter as Doc);
  }
}

/** mingo's parse errors in mongod's words: `unknown operator: $ltx`, `unknown top level operator: $foo`. */
function queryError(error: unknown, filter: Doc): MongoServerError {
  const message = (error as Error).message;
  const unknown = /unknown (?:query|top level) operator:? (\$\w+)/.exec(message);
  if (!unknown) return new MongoServerError(2, message);
  const operator = unknown[1];
  if (Object.hasOwn(filter, operator)) {
    return new MongoServerError(
      2,
      `unknown top level operator: ${operator}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`,
    );
  }
  return new MongoServerError(2, `unknown operator: ${operator}`);
}

/** The stored records that match `filter`, in result order. Callers must not mutate the documents. */
export function match(collection: Collection | undefined, filter: unknown, options: FindOptions = {}): Matched {
  const query = compileFilter(filter, options.variables);
  const skip = options.skip ?? 0;
  const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
  if (!collection)
    return { records: [], plan: { stage: 'COLLSCAN', candidates: [], keysExamined: 0 }, docsExamined: 0 };
  const chosen = plan(collection, (filter ?? {}) as Doc);
  const natural = naturalDirection(options.sort);
  const candidates = natural === -1 ? [...chosen.candidates].reverse() : chosen.candidates;
  const sorted = options.sort !== undefined && natural === 0;
  // Without a sort the scan can stop as soon as skip + limit documents have matched.
  const wanted = sorted ? Infinity : skip + limit;
  const out: Array<[number, Doc]> = [];
  let docsExamined = 0;
  try {
    for (const record of candidates) {
      if (out.length >= wanted) break;
      docsExamined++;
      if (query.test(record[1])) out.push(record);
    }
  } catch (error) {
    throw queryError(error, (filter ?? {}) as Doc);
  }
  let records = out;
  if (sorted) {
    const bySeq = new Map(out.map(([seq, doc]) => [doc, seq]));
    records = sortDocuments(
      out.map(([, doc]) => doc),
      options.sort,
    ).map((doc) => [bySeq.get(doc)!, doc]);
  }
  return { records: records.slice(skip, skip + limit), plan: chosen, docsExamined };
}

/**
 * mongod fixes a projection's style with its first inclusion or exclusion (`_id` aside) and refuses
 * a later field of the other style: 31254 (exclusion in an inclusion projection) or 31253.
 */
function checkProjectionStyle(projection: Doc): void {
  let style: 'inclusion' | 'exclusion' | undefined;
  for (const [field, value] of Object.entries(projection)) {
    if (field === '_id') continue;
    let kind: 'inclusion' | 'exclusion' | undefined;
    if (value === false || value === 0) kind = 'exclusion';
    else if (value === true || (typeof value === 'number' && !Number.isNaN(value))) kind = 'inclusion';
    if (!kind) continue;
    if (style && kind !== style) {
      throw kind === 'exclusion'
        ? new MongoServerError(31254, `Cannot do exclusion on field ${field} in inclusion projection`)
        : new MongoServerError(31253, `Cannot do inclusion on field ${field} in exclusion projection`);
    }
    style = kind;
  }
}

function naturalDirection(sort: unknown): number {
  if (!isPlainObject(sort) || !('$natural' in sort)) return 0;
  return Number(sort.$natural) < 0 ? -1 : 1;
}

/**
 * Applies a find projection: plain inclusions and exclusions directly (a mingo query per find cost
 * more than the matching), the rest ($slice, $elemMatch, positional, expressions…) through mingo.
 */
export function project(docs: Doc[], projection: unknown): Doc[] {
  if (!isPlainObject(projection) || Object.keys(projection).length === 0) return docs;
  const simple = compileSimpleProjection(projection);
  if (simple) return docs.map(simple);
  checkProjectionStyle(projection);
  try {
    // mingo removes excluded fields from the documents it is given ('_id.x': 0 would change a stored _id).
    const projected = new Query({})
      .find(
        docs.map((doc) => cloneDocument(plainView(doc))),
        plainView(projection),
      )
      .all() as Doc[];
    // mingo keeps the input order, one output per document: each gets its original wrappers back.
    return projected.map((doc, i) => restoreWrappers(docs[i], doc));
  } catch (error) {
    throw new MongoServerError(2, (error as Error).message);
  }
}
