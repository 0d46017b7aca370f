// The insert command: stores each document, reporting duplicates per item.
import { MongoServerError } from '../errors.js';
import { isPlainObject } from '../query/paths.js';
import { collectionName, type CommandHandler } from './context.js';
import { arrayField, runBatch, writeReply } from './write-batch.js';

export const insert: CommandHandler = (command, context) => {
  const documents = arrayField(command, 'documents');
  const collection = context.catalog.getOrCreate(context.db, collectionName(command));
  let n = 0;
  const outcome = runBatch(documents, command.ordered !== false, (doc) => {
    if (!isPlainObject(doc)) throw new MongoServerError(14, 'document to insert must be an object');
    collection.insert(doc);
    n++;
  });
  return writeReply({ n }, outcome);
};
