// Hints: the planner here chooses by itself, but a hint naming no usable index fails as on mongod.
import { MongoServerError } from '../errors.js';
import type { Collection } from '../storage/collection.js';
import { ID_INDEX_NAME } from '../storage/collection.js';
import { isPlainObject } from './paths.js';

/**
 * Refuses a hint (index name or key pattern) that no visible index of the collection answers:
 * mongod's planner fails with 2 BadValue, and a hidden index cannot be hinted. `$natural` is
 * always allowed; a missing collection has no plan to fail (mongod answers an empty result).
 */
export function checkHint(collection: Collection | undefined, hint: unknown): void {
  if (hint === undefined || hint === null || !collection) return;
  if (isPlainObject(hint) && ('$natural' in hint || Object.keys(hint).length === 0)) return;
  const key = JSON.stringify(hint);
  let found: boolean;
  if (typeof hint === 'string') {
    const index = collection.indexes.get(hint);
    found = hint === ID_INDEX_NAME || (index !== undefined && !index.spec.hidden);
  } else {
    found =
      key === JSON.stringify({ _id: 1 }) ||
      [...collection.indexes.values()].some((index) => !index.spec.hidden && JSON.stringify(index.spec.key) === key);
  }
  if (!found) {
    throw new MongoServerError(
      2,
      `error processing query: ns=${collection.ns} planner returned error :: caused by :: hint provided does not correspond to an existing index`,
    );
  }
}
