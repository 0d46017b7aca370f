// findAndModify: update, replace or remove one document and return it (before or after).
import { MongoServerError } from '../errors.js';
import { match, project } from '../query/find.js';
import { checkHint } from '../query/hint.js';
import { letVariables } from '../query/variables.js';
import type { Doc } from '../query/paths.js';
import { collectionName, type CommandHandler } from './context.js';
import { readStatement, updateRecord, upsert } from './modify.js';

export const findAndModify: CommandHandler = (command, context) => {
  const remove = command.remove === true;
  const hasUpdate = command.update !== undefined;
  if (remove === hasUpdate) throw new MongoServerError(9, 'Either an update or remove=true must be specified');
  if (remove && (command.new === true || command.upsert === true)) {
    throw new MongoServerError(9, 'Cannot specify both an update and remove=true');
  }
  const variables = letVariables(command.let);
  const statement = remove ? undefined : readStatement(command.query, command.update, command.arrayFilters, variables);
  const name = collectionName(command);
  const collection =
    command.upsert === true ? context.catalog.getOrCreate(context.db, name) : context.catalog.get(context.db, name);
  checkHint(collection, command.hint);
  const { records } = match(collection, command.query, { limit: 1, sort: command.sort, variables });
  const shown = (doc: Doc | null): Doc | null => (doc ? project([doc], command.fields)[0] : null);
  const found = records[0];

  if (!statement || !collection) {
    if (found) collection!.remove(found[0]);
    return { lastErrorObject: { n: found ? 1 : 0 }, value: shown(found?.[1] ?? null), ok: 1 };
  }
  if (found) {
    const { doc } = updateRecord(collection, found[0], statement);
    return {
      lastErrorObject: { n: 1, updatedExisting: true },
      value: shown(command.new === true ? doc : found[1]),
      ok: 1,
    };
  }
  if (command.upsert === true) {
    const doc = upsert(collection, statement);
    return {
      lastErrorObject: { n: 1, updatedExisting: false, upserted: doc._id },
      value: shown(command.new === true ? doc : null),
      ok: 1,
    };
  }
  return { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
};
