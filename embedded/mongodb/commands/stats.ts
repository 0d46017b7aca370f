// dbStats, collStats (also the $collStats stage) and validate, from what the collections hold in memory.
import { BSON } from 'bson';
import { MongoServerError } from '../errors.js';
import type { Doc } from '../query/paths.js';
import type { Collection } from '../storage/collection.js';
import { ID_INDEX_NAME } from '../storage/collection.js';
import { collectionName, existingCollection, type CommandHandler } from './context.js';

/** Bytes per index entry besides its key: the record reference, as a rough in-memory cost. */
const ENTRY_OVERHEAD = 8;

interface Sizes {
  count: number;
  dataSize: number;
  indexSizes: Record<string, number>;
}

/** There is no disk: data size is the documents' BSON size, index size their keys' BSON size. */
function sizesOf(collection: Collection): Sizes {
  let dataSize = 0;
  let idSize = 0;
  for (const doc of collection.records.values()) {
    dataSize += BSON.calculateObjectSize(doc);
    idSize += BSON.calculateObjectSize({ _id: doc._id }) + ENTRY_OVERHEAD;
  }
  const indexSizes: Record<string, number> = { [ID_INDEX_NAME]: idSize };
  for (const index of collection.indexes.values()) {
    let size = 0;
    for (const entry of index.entries) size += BSON.calculateObjectSize({ k: entry.key }) + ENTRY_OVERHEAD;
    indexSizes[index.name] = size;
  }
  return { count: collection.records.size, dataSize, indexSizes };
}

function scaleOf(command: Doc): number {
  const scale = command.scale === undefined ? 1 : Number(command.scale);
  if (!Number.isInteger(scale) || scale < 1) throw new MongoServerError(2, 'scale has to be > 0');
  return scale;
}

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** The storage statistics of one collection, in the fields mongod's collStats and $collStats report. */
export function storageStats(collection: Collection, scale = 1): Doc {
  const { count, dataSize, indexSizes } = sizesOf(collection);
  const totalIndexSize = sum(Object.values(indexSizes));
  const scaled: Record<string, number> = {};
  for (const [name, size] of Object.entries(indexSizes)) scaled[name] = Math.floor(size / scale);
  return {
    size: Math.floor(dataSize / scale),
    count,
    avgObjSize: count === 0 ? 0 : Math.floor(dataSize / count),
    storageSize: Math.floor(dataSize / scale),
    freeStorageSize: 0,
    capped: false,
    nindexes: collection.indexes.size + 1,
    indexBuilds: [],
    totalIndexSize: Math.floor(totalIndexSize / scale),
    totalSize: Math.floor((dataSize + totalIndexSize) / scale),
    indexSizes: scaled,
    scaleFactor: scale,
  };
}

export const dbStats: CommandHandler = (command, context) => {
  const scale = scaleOf(command);
  const collections = context.catalog.collections(context.db);
  const all = collections.map(sizesOf);
  const objects = sum(all.map((s) => s.count));
  const dataSize = sum(all.map((s) => s.dataSize));
  const indexSize = sum(all.map((s) => sum(Object.values(s.indexSizes))));
  return {
    db: context.db,
    collections: collections.length,
    views: 0,
    objects,
    avgObjSize: objects === 0 ? 0 : dataSize / objects,
    dataSize: dataSize / scale,
    storageSize: dataSize / scale,
    indexes: sum(collections.map((c) => c.indexes.size + 1)),
    indexSize: indexSize / scale,
    totalSize: (dataSize + indexSize) / scale,
    scaleFactor: scale,
    fsUsedSize: 0,
    fsTotalSize: 0,
    ok: 1,
  };
};

export const collStats: CommandHandler = (command, context) => {
  const collection = existingCollection(command, context);
  const ns = `${context.db}.${collectionName(command)}`;
  if (!collection) throw new MongoServerError(26, `Collection [${ns}] not found.`);
  return { ns, ...storageStats(collection, scaleOf(command)), ok: 1 };
};

/**
 * validate checks what can go wrong in memory: every index holds exactly the keys its documents
 * give. There are no on-disk structures to repair, so `repair` is refused.
 */
export const validate: CommandHandler = (command, context) => {
  const collection = existingCollection(command, context);
  const ns = `${context.db}.${collectionName(command)}`;
  if (!collection) throw new MongoServerError(26, `Collection '${ns}' does not exist to validate.`);
  if (command.repair === true)
    throw new MongoServerError(115, 'validate with repair is not supported by the embedded server');
  const keysPerIndex: Record<string, number> = { [ID_INDEX_NAME]: collection.ids.size };
  const indexDetails: Record<string, Doc> = {
    [ID_INDEX_NAME]: { valid: collection.ids.size === collection.records.size },
  };
  const errors: string[] = [];
  if (collection.ids.size !== collection.records.size)
    errors.push(`index ${ID_INDEX_NAME} has ${collection.ids.size} keys for ${collection.records.size} records`);
  for (const index of collection.indexes.values()) {
    let expected = 0;
    for (const doc of collection.records.values()) expected += index.keysFor(doc).length;
    keysPerIndex[index.name] = index.entries.size;
    indexDetails[index.name] = { valid: expected === index.entries.size };
    if (expected !== index.entries.size)
      errors.push(`index ${index.name} has ${index.entries.size} keys where its documents give ${expected}`);
  }
  return {
    ns,
    nInvalidDocuments: 0,
    nNonCompliantDocuments: 0,
    nrecords: collection.records.size,
    nIndexes: collection.indexes.size + 1,
    keysPerIndex,
    indexDetails,
    valid: errors.length === 0,
    repaired: false,
    warnings: [],
    errors,
    extraIndexEntries: [],
    missingIndexEntries: [],
    corruptRecords: [],
    ok: 1,
  };
};
