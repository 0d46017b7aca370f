// find, getMore and killCursors: query results delivered in batches through server cursors.
import { MongoServerError } from '../errors.js';
import { match, project } from '../query/find.js';
import { checkHint } from '../query/hint.js';
import { letVariables } from '../query/variables.js';
import { isPlainObject, type Doc } from '../query/paths.js';
import { collectionName, existingCollection, intOption, type CommandHandler } from './context.js';

export const find: CommandHandler = (command, context) => {
  const limit = intOption(command, 'limit');
  const collection = existingCollection(command, context);
  checkHint(collection, command.hint);
  const { records, plan } = match(collection, command.filter, {
    sort: command.sort,
    skip: intOption(command, 'skip'),
    limit,
    variables: letVariables(command.let),
  });
  const docs = project(
    records.map(([, doc]) => doc),
    command.projection,
  );
  const ns = `${context.db}.${collectionName(command)}`;
  const cursor = context.cursors.first(ns, docs, intOption(command, 'batchSize'), {
    singleBatch: command.singleBatch === true,
    endKnown: endKnown(command, docs.length, plan.stage),
  });
  return { cursor, ok: 1 };
};

/**
 * Whether mongod's plan knows its end once the last result is out: a blocking sort (no index is
 * used for sorting here), a reached limit, or an `_id` lookup. A plain scan finds out one getMore later.
 */
function endKnown(command: Doc, returned: number, stage: string): boolean {
  const sort = command.sort;
  if (isPlainObject(sort) && Object.keys(sort).length > 0 && !('$natural' in sort)) return true;
  const limit = Number(command.limit ?? 0);
  if (limit > 0 && returned >= limit) return true;
  const filter = command.filter;
  return stage === 'IDHACK' && isPlainObject(filter) && Object.keys(filter).length === 1 && !isPlainObject(filter._id);
}

export const getMore: CommandHandler = (command, context) => {
  const collection = command.collection;
  if (typeof collection !== 'string')
    throw new MongoServerError(14, "BSON field 'getMore.collection' is missing or not a string");
  return {
    cursor: context.cursors.next(command.getMore, `${context.db}.${collection}`, intOption(command, 'batchSize')),
    ok: 1,
  };
};

export const killCursors: CommandHandler = (command, context) => {
  const ids = command.cursors;
  if (!Array.isArray(ids))
    throw new MongoServerError(14, "BSON field 'killCursors.cursors' is missing or not an array");
  return { ...context.cursors.kill(ids), cursorsAlive: [], cursorsUnknown: [], ok: 1 } as Doc;
};
