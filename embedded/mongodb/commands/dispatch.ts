// Routes a command document to its handler by the command's name (its first field).
import { MongoServerError, asServerError } from '../errors.js';
import type { Doc } from '../query/paths.js';
import { adminCommands } from './admin.js';
import type { CommandContext, CommandHandler } from './context.js';
import { find, getMore, killCursors } from './find.js';
import { insert } from './insert.js';
import { update } from './update.js';
import { remove } from './delete.js';
import { findAndModify } from './find-and-modify.js';
import { count, distinct } from './count.js';
import { aggregate } from './aggregate.js';
import { createIndexes, dropIndexes, listIndexes } from './indexes.js';
import { create, drop, dropDatabase, listCollections, listDatabases } from './catalog.js';
import { explain } from './explain.js';
import { collStats, dbStats, validate } from './stats.js';

const handlers: Record<string, CommandHandler> = {
  ...adminCommands,
  insert,
  find,
  getMore,
  killCursors,
  update,
  delete: remove,
  findAndModify,
  count,
  distinct,
  aggregate,
  createIndexes,
  listIndexes,
  dropIndexes,
  create,
  drop,
  dropDatabase,
  listCollections,
  listDatabases,
  explain,
  dbStats,
  dbstats: dbStats,
  collStats,
  collstats: collStats,
  validate,
};

/** Runs one command and always returns a reply body: failures become `{ok: 0, code, codeName}`. */
export function runCommand(command: Doc, context: Omit<CommandContext, 'db'>): Doc {
  try {
    const name = Object.keys(command)[0];
    const handler = name === undefined ? undefined : Object.hasOwn(handlers, name) ? handlers[name] : undefined;
    if (!handler) throw new MongoServerError(59, `no such command: '${name ?? ''}'`);
    if (command.startTransaction !== undefined || command.txnNumber !== undefined) {
      throw new MongoServerError(20, 'Transaction numbers are only allowed on a replica set member or mongos');
    }
    const db = typeof command.$db === 'string' ? command.$db : 'admin';
    return handler(command, { ...context, db });
  } catch (error) {
    return asServerError(error).toReply();
  }
}
