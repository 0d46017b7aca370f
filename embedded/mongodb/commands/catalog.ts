// Databases and collections: create, drop, dropDatabase, listCollections, listDatabases, collStats-like info.
import { BSON } from 'bson';
import { MongoServerError } from '../errors.js';
import { Query } from 'mingo';
import { isPlainObject, type Doc } from '../query/paths.js';
import { collectionName, intOption, type CommandHandler } from './context.js';

/**
 * Collection kinds the embedded server does not implement. mongod would make them; storing a plain
 * collection instead would answer queries wrongly (an empty "view", unenforced validation), so
 * `create` refuses them.
 */
const UNSUPPORTED_OPTIONS: Record<string, string> = {
  viewOn: 'views',
  pipeline: 'views',
  timeseries: 'time-series collections',
  clusteredIndex: 'clustered collections',
  capped: 'capped collections',
  validator: 'document validation',
  encryptedFields: 'queryable encryption',
};

export const create: CommandHandler = (command, context) => {
  const { create: _name, $db: _db, lsid: _lsid, writeConcern: _wc, $readPreference: _rp, ...options } = command;
  for (const [option, feature] of Object.entries(UNSUPPORTED_OPTIONS)) {
    const value = options[option];
    if (value === undefined || value === false || (isPlainObject(value) && Object.keys(value).length === 0)) continue;
    throw new MongoServerError(
      115,
      `the embedded MongoDB server does not support ${feature} (create with '${option}')`,
    );
  }
  context.catalog.create(context.db, collectionName(command), options);
  return { ok: 1 };
};

/** Dropping a collection that does not exist succeeds, as in MongoDB 7.0. */
export const drop: CommandHandler = (command, context) => {
  const name = collectionName(command);
  const collection = context.catalog.get(context.db, name);
  const nIndexesWas = collection ? collection.indexes.size + 1 : 0;
  context.catalog.drop(context.db, name);
  return collection ? { nIndexesWas, ns: `${context.db}.${name}`, ok: 1 } : { ok: 1 };
};

export const dropDatabase: CommandHandler = (_command, context) => {
  context.catalog.dropDatabase(context.db);
  return { ok: 1 };
};

function matcher(filter: unknown): (doc: Doc) => boolean {
  if (!isPlainObject(filter) || Object.keys(filter).length === 0) return () => true;
  const query = new Query(filter);
  return (doc) => query.test(doc);
}

export const listCollections: CommandHandler = (command, context) => {
  const accept = matcher(command.filter);
  const nameOnly = command.nameOnly === true;
  const docs = context.catalog
    .collections(context.db)
    .map((c): Doc =>
      nameOnly
        ? { name: c.name, type: 'collection' }
        : {
            name: c.name,
            type: 'collection',
            options: c.options,
            info: { readOnly: false },
            idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
          },
    )
    .filter(accept);
  const cursor = isPlainObject(command.cursor) ? command.cursor : {};
  return {
    cursor: context.cursors.first(`${context.db}.$cmd.listCollections`, docs, intOption(cursor, 'batchSize'), {
      endKnown: true,
    }),
    ok: 1,
  };
};

/** Sizes are the BSON size of the documents: there is no disk, but tools like to see a number. */
export const listDatabases: CommandHandler = (command, context) => {
  const accept = matcher(command.filter);
  let totalSize = 0;
  const databases = context.catalog
    .databaseNames()
    .map((name) => {
      let sizeOnDisk = 0;
      for (const collection of context.catalog.collections(name)) {
        for (const doc of collection.records.values()) sizeOnDisk += BSON.calculateObjectSize(doc);
      }
      totalSize += sizeOnDisk;
      return command.nameOnly === true ? { name } : { name, sizeOnDisk, empty: sizeOnDisk === 0 };
    })
    .filter(accept);
  return command.nameOnly === true
    ? { databases, ok: 1 }
    : { databases, totalSize, totalSizeMb: Math.floor(totalSize / 2 ** 20), ok: 1 };
};
