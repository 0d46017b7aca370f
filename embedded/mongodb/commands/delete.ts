// The delete command: each statement removes one (limit 1) or every (limit 0) matching document.
import { MongoServerError } from '../errors.js';
import { match } from '../query/find.js';
import { checkHint } from '../query/hint.js';
import { letVariables } from '../query/variables.js';
import { collectionName, type CommandHandler } from './context.js';
import { arrayField, refuseLaterFields, runBatch, writeReply } from './write-batch.js';

export const remove: CommandHandler = (command, context) => {
  const statements = arrayField(command, 'deletes');
  refuseLaterFields('delete', 'deletes', statements);
  const collection = context.catalog.get(context.db, collectionName(command));
  const variables = letVariables(command.let);
  let n = 0;
  const outcome = runBatch(statements, command.ordered !== false, (statement) => {
    const limit = Number(statement.limit ?? 0);
    if (limit !== 0 && limit !== 1)
      throw new MongoServerError(9, `The limit field in delete objects must be 0 or 1. Got ${limit}`);
    checkHint(collection, statement.hint);
    const { records } = match(collection, statement.q, { limit, variables });
    for (const [seq] of records) {
      collection!.remove(seq);
      n++;
    }
  });
  return writeReply({ n }, outcome);
};
