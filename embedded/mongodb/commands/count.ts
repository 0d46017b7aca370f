// count (estimatedDocumentCount and the legacy count) and distinct.
import { compareBson } from '../query/bson-order.js';
import { match } from '../query/find.js';
import { checkHint } from '../query/hint.js';
import { valuesAtPath, isPlainObject } from '../query/paths.js';
import { MongoServerError } from '../errors.js';
import { canonicalIdKey } from '../storage/key-format.js';
import { existingCollection, intOption, type CommandHandler } from './context.js';

export const count: CommandHandler = (command, context) => {
  const collection = existingCollection(command, context);
  const skip = intOption(command, 'skip') ?? 0;
  const limit = intOption(command, 'limit') ?? 0;
  const query = command.query;
  checkHint(collection, command.hint);
  if (!collection) return { n: 0, ok: 1 };
  // Without a filter the count is the collection's size: no document needs to be looked at.
  if (!isPlainObject(query) || Object.keys(query).length === 0) {
    const total = Math.max(0, collection.records.size - skip);
    return { n: limit > 0 ? Math.min(limit, total) : total, ok: 1 };
  }
  return { n: match(collection, query, { skip, limit }).records.length, ok: 1 };
};

export const distinct: CommandHandler = (command, context) => {
  const key = command.key;
  if (typeof key !== 'string') throw new MongoServerError(14, "BSON field 'distinct.key' is missing or not a string");
  const { records } = match(existingCollection(command, context), command.query);
  const seen = new Map<string, unknown>();
  for (const [, doc] of records) {
    for (const value of valuesAtPath(doc, key).values) {
      if (value === undefined) continue;
      const id = canonicalIdKey(value);
      if (!seen.has(id)) seen.set(id, value);
    }
  }
  return { values: [...seen.values()].sort(compareBson), ok: 1 };
};
