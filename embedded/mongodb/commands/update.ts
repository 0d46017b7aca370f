// The update command: one or many documents per statement, with upserts and per-statement errors.
import { MongoServerError } from '../errors.js';
import { match } from '../query/find.js';
import { checkHint } from '../query/hint.js';
import { letVariables } from '../query/variables.js';
import { isOperatorUpdate } from '../query/update.js';
import type { Doc } from '../query/paths.js';
import { collectionName, type CommandHandler } from './context.js';
import { readStatement, updateRecord, upsert } from './modify.js';
import { arrayField, refuseLaterFields, runBatch, writeReply } from './write-batch.js';

export const update: CommandHandler = (command, context) => {
  const statements = arrayField(command, 'updates');
  refuseLaterFields('update', 'updates', statements);
  const collection = context.catalog.getOrCreate(context.db, collectionName(command));
  const variables = letVariables(command.let);
  let n = 0;
  let nModified = 0;
  const upserted: Doc[] = [];
  const outcome = runBatch(statements, command.ordered !== false, (raw, index) => {
    checkHint(collection, raw.hint);
    // A statement's `c` constants join the command's `let` (mongod allows `c` with pipelines only).
    const statement = readStatement(
      raw.q,
      raw.u,
      raw.arrayFilters,
      raw.c === undefined ? variables : letVariables(command.let, raw.c),
    );
    const multi = raw.multi === true;
    if (multi && !Array.isArray(statement.update) && !isOperatorUpdate(statement.update)) {
      throw new MongoServerError(9, 'multi update is not supported for replacement-style update');
    }
    const { records } = match(collection, statement.filter, { limit: multi ? 0 : 1, variables: statement.variables });
    if (records.length === 0 && raw.upsert === true) {
      const doc = upsert(collection, statement);
      upserted.push({ index, _id: doc._id });
      n++;
      return;
    }
    for (const [seq] of records) {
      n++;
      if (updateRecord(collection, seq, statement).modified) nModified++;
    }
  });
  const fields: Doc = { n, nModified };
  if (upserted.length > 0) fields.upserted = upserted;
  return writeReply(fields, outcome);
};
