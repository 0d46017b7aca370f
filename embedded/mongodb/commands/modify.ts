// The write steps shared by update and findAndModify: update one stored record, or upsert.
import { MongoServerError } from '../errors.js';
import type { Doc } from '../query/paths.js';
import { isPlainObject } from '../query/paths.js';
import { sameBson } from '../query/bson-equal.js';
import { applyUpdate, isOperatorUpdate, upsertSeed, validateUpdate, type UpdateSpec } from '../query/update.js';
import type { Collection } from '../storage/collection.js';

export interface UpdateStatement {
  filter: Doc;
  update: UpdateSpec;
  arrayFilters?: Doc[];
  variables?: Doc;
}

export function readStatement(
  filter: unknown,
  update: unknown,
  arrayFilters: unknown,
  variables?: Doc,
): UpdateStatement {
  if (filter !== undefined && filter !== null && !isPlainObject(filter)) {
    throw new MongoServerError(14, "BSON field 'q' is the wrong type, expected type 'object'");
  }
  return {
    filter: (filter ?? {}) as Doc,
    update: validateUpdate(update),
    arrayFilters: Array.isArray(arrayFilters) ? (arrayFilters as Doc[]) : undefined,
    variables,
  };
}

/** Updates one record; returns the new document and whether it differs from the old one. */
export function updateRecord(
  collection: Collection,
  seq: number,
  statement: UpdateStatement,
): { doc: Doc; modified: boolean } {
  const old = collection.records.get(seq)!;
  const doc = applyUpdate(old, statement.update, {
    filter: statement.filter,
    arrayFilters: statement.arrayFilters,
    variables: statement.variables,
    inserting: false,
  });
  // Byte equality is exactly mongod's notion of "not modified" (same fields, order and types).
  const modified = !sameBson(old, doc);
  if (modified) collection.replace(seq, doc);
  return { doc, modified };
}

/** Inserts the document an upsert creates from the filter's equalities and the update. */
export function upsert(collection: Collection, statement: UpdateStatement): Doc {
  const seed = upsertSeed(statement.filter);
  let doc: Doc;
  if (!Array.isArray(statement.update) && !isOperatorUpdate(statement.update)) {
    const replacement = statement.update as Doc;
    doc = '_id' in replacement || !('_id' in seed) ? replacement : { _id: seed._id, ...replacement };
  } else {
    doc = applyUpdate(seed, statement.update, {
      filter: statement.filter,
      arrayFilters: statement.arrayFilters,
      variables: statement.variables,
      inserting: true,
    });
  }
  return collection.insert(doc);
}
