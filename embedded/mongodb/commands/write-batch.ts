// Runs the items of an insert/update/delete batch, collecting write errors the way mongod reports them.
import { MongoServerError, asServerError } from '../errors.js';
import { isPlainObject, type Doc } from '../query/paths.js';

export interface BatchOutcome {
  writeErrors: Doc[];
}

/** Ordered batches stop at the first failure; unordered ones try every item. */
export function runBatch<T>(items: T[], ordered: boolean, apply: (item: T, index: number) => void): BatchOutcome {
  const writeErrors: Doc[] = [];
  for (let i = 0; i < items.length; i++) {
    try {
      apply(items[i], i);
    } catch (error) {
      writeErrors.push(asServerError(error).toWriteError(i));
      if (ordered) break;
    }
  }
  return { writeErrors };
}

export function arrayField(command: Doc, field: string): Doc[] {
  const value = command[field];
  if (!Array.isArray(value)) throw asServerError(new Error(`BSON field '${field}' is missing or is not an array`), 9);
  return value as Doc[];
}

/**
 * Statement fields that a later server version accepts and the one this server reports (7.0) does
 * not: `sort` on update and delete statements arrived in 8.0. mongod 7.0 refuses the whole command.
 */
export function refuseLaterFields(command: string, field: string, statements: Doc[]): void {
  for (const statement of statements) {
    if (isPlainObject(statement) && statement.sort !== undefined) {
      throw new MongoServerError(40415, `BSON field '${command}.${field}.sort' is an unknown field.`);
    }
  }
}

/** The reply body of a write command: `writeErrors` appears only when something failed. */
export function writeReply(fields: Doc, outcome: BatchOutcome): Doc {
  return outcome.writeErrors.length > 0 ? { ...fields, writeErrors: outcome.writeErrors, ok: 1 } : { ...fields, ok: 1 };
}
