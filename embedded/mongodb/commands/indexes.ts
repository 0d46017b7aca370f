// createIndexes, listIndexes and dropIndexes.
import { MongoServerError } from '../errors.js';
import { isPlainObject, type Doc } from '../query/paths.js';
import type { IndexSpec } from '../storage/collection-index.js';
import { checkPartialFilter } from '../storage/partial-filter.js';
import { formatKeyValue } from '../storage/key-format.js';
import { ID_INDEX_NAME, type Collection } from '../storage/collection.js';
import { collectionName, existingCollection, intOption, type CommandHandler } from './context.js';

/** mongod's default index name: `field_direction` pairs joined by underscores. */
export function defaultIndexName(key: Doc): string {
  return Object.entries(key)
    .map(([field, direction]) => `${field}_${String(direction)}`)
    .join('_');
}

function readSpec(raw: unknown): IndexSpec {
  if (!isPlainObject(raw) || !isPlainObject(raw.key) || Object.keys(raw.key).length === 0) {
    throw new MongoServerError(9, "The 'key' field is a required property of an index specification");
  }
  for (const [field, direction] of Object.entries(raw.key)) {
    if (typeof direction !== 'number' || direction === 0) {
      throw new MongoServerError(
        67,
        `Values in the index key pattern can only be non-zero numbers; field ${field} has ${String(direction)}`,
      );
    }
  }
  const spec: IndexSpec = { name: typeof raw.name === 'string' ? raw.name : defaultIndexName(raw.key), key: raw.key };
  if (raw.unique === true) spec.unique = true;
  if (raw.sparse === true) spec.sparse = true;
  if (raw.hidden === true) spec.hidden = true;
  if (raw.partialFilterExpression !== undefined) {
    if (!isPlainObject(raw.partialFilterExpression))
      throw new MongoServerError(67, '"partialFilterExpression" for an index must be a document');
    if (spec.sparse) throw new MongoServerError(67, 'cannot mix "partialFilterExpression" and "sparse" options');
    checkPartialFilter(raw.partialFilterExpression, () => formatKeyValue(raw));
    spec.partialFilterExpression = raw.partialFilterExpression;
  }
  return spec;
}

const sameKey = (a: Doc, b: Doc): boolean => JSON.stringify(a) === JSON.stringify(b);
const sameOptions = (a: IndexSpec, b: IndexSpec): boolean =>
  Boolean(a.unique) === Boolean(b.unique) &&
  Boolean(a.sparse) === Boolean(b.sparse) &&
  Boolean(a.hidden) === Boolean(b.hidden) &&
  JSON.stringify(a.partialFilterExpression ?? null) === JSON.stringify(b.partialFilterExpression ?? null);

export const createIndexes: CommandHandler = (command, context) => {
  if (!Array.isArray(command.indexes) || command.indexes.length === 0) {
    throw new MongoServerError(2, 'Must specify at least one index to create');
  }
  const specs = command.indexes.map(readSpec);
  const name = collectionName(command);
  const created = !context.catalog.get(context.db, name);
  const collection = context.catalog.getOrCreate(context.db, name);
  const before = collection.indexes.size + 1;
  for (const spec of specs) {
    if (spec.name === ID_INDEX_NAME || sameKey(spec.key, { _id: 1 })) {
      if (spec.hidden) throw new MongoServerError(67, 'cannot hide _id index');
      continue;
    }
    const existing = collection.indexes.get(spec.name);
    if (existing) {
      if (sameKey(existing.spec.key, spec.key) && sameOptions(existing.spec, spec)) continue;
      throw new MongoServerError(
        86,
        `An existing index has the same name as the requested index. When index names are not specified, they are auto generated and can cause conflicts. Please refer to our documentation. Requested index: ${JSON.stringify(spec)}, existing index: ${JSON.stringify(existing.spec)}`,
      );
    }
    const sameKeyIndex = [...collection.indexes.values()].find(
      (i) => sameKey(i.spec.key, spec.key) && !i.spec.partialFilterExpression && !spec.partialFilterExpression,
    );
    if (sameKeyIndex) {
      throw new MongoServerError(85, `Index already exists with a different name: ${sameKeyIndex.name}`);
    }
    collection.createIndex(spec);
  }
  const after = collection.indexes.size + 1;
  const reply: Doc = {
    numIndexesBefore: before,
    numIndexesAfter: after,
    createdCollectionAutomatically: created,
    ok: 1,
  };
  if (before === after) reply.note = 'all indexes already exist';
  return reply;
};

function requireCollection(command: Doc, context: Parameters<CommandHandler>[1]): Collection {
  const collection = existingCollection(command, context);
  if (!collection) throw new MongoServerError(26, `ns does not exist: ${context.db}.${collectionName(command)}`);
  return collection;
}

export const listIndexes: CommandHandler = (command, context) => {
  const collection = requireCollection(command, context);
  const cursor = isPlainObject(command.cursor) ? command.cursor : {};
  return {
    cursor: context.cursors.first(collection.ns, collection.indexSpecs(), intOption(cursor, 'batchSize'), {
      endKnown: true,
    }),
    ok: 1,
  };
};

export const dropIndexes: CommandHandler = (command, context) => {
  const collection = requireCollection(command, context);
  const before = collection.indexes.size + 1;
  const target = command.index;
  let names: string[];
  if (target === '*') names = [...collection.indexes.keys()];
  else if (typeof target === 'string') names = [target];
  else if (Array.isArray(target)) names = target.map(String);
  else if (isPlainObject(target)) {
    const found = [...collection.indexes.values()].find((i) => sameKey(i.spec.key, target));
    if (!found) throw new MongoServerError(27, `can't find index with key: ${JSON.stringify(target)}`);
    names = [found.name];
  } else throw new MongoServerError(14, "BSON field 'dropIndexes.index' is the wrong type");
  for (const name of names) {
    if (name === ID_INDEX_NAME) throw new MongoServerError(72, 'cannot drop _id index');
    if (!collection.indexes.has(name)) throw new MongoServerError(27, `index not found with name [${name}]`);
  }
  for (const name of names) collection.indexes.delete(name);
  return { nIndexesWas: before, ok: 1 };
};
