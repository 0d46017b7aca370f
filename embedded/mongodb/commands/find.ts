// find, getMore and killCursors: query results delivered in batches through server cursors.
import { MongoServerError } from '../errors.js';
import { match, project } from '../query/find.js';
import type { Doc } from '../query/paths.js';
import { collectionName, existingCollection, intOption, type CommandHandler } from './context.js';

export const find: CommandHandler = (command, context) => {
  const limit = intOption(command, 'limit');
  const { records } = match(existingCollection(command, context), command.filter, {
    sort: command.sort,
    skip: intOption(command, 'skip'),
    limit,
  });
  const docs = project(records.map(([, doc]) => doc), command.projection);
  const ns = `${context.db}.${collectionName(command)}`;
  return { cursor: context.cursors.first(ns, docs, intOption(command, 'batchSize'), command.singleBatch === true), ok: 1 };
};

export const getMore: CommandHandler = (command, context) => {
  const collection = command.collection;
  if (typeof collection !== 'string') throw new MongoServerError(14, "BSON field 'getMore.collection' is missing or not a string");
  return { cursor: context.cursors.next(command.getMore, `${context.db}.${collection}`, intOption(command, 'batchSize')), ok: 1 };
};

export const killCursors: CommandHandler = (command, context) => {
  const ids = command.cursors;
  if (!Array.isArray(ids)) throw new MongoServerError(14, "BSON field 'killCursors.cursors' is missing or not an array");
  return { ...context.cursors.kill(ids), cursorsAlive: [], cursorsUnknown: [], ok: 1 } as Doc;
};
