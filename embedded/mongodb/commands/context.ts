// What every command handler receives: the data, the open cursors, and who is asking.
import type { Catalog } from '../storage/catalog.js';
import type { CursorRegistry } from '../cursors.js';
import type { Doc } from '../query/paths.js';
import { MongoServerError } from '../errors.js';
import type { Collection } from '../storage/collection.js';

export interface CommandContext {
  catalog: Catalog;
  cursors: CursorRegistry;
  connectionId: number;
  /** Every command carries the database it targets in `$db`. */
  db: string;
}

export type CommandHandler = (command: Doc, context: CommandContext) => Doc;

/** The collection a command names in its first field (e.g. `{find: "bookings"}`). */
export function collectionName(command: Doc): string {
  const name = command[Object.keys(command)[0]];
  if (typeof name !== 'string' || name.length === 0) {
    throw new MongoServerError(73, `collection name has invalid type ${typeof name}`);
  }
  return name;
}

export function existingCollection(command: Doc, context: CommandContext): Collection | undefined {
  return context.catalog.get(context.db, collectionName(command));
}

/** Reads an optional non-negative integer option such as skip, limit or batchSize. */
export function intOption(command: Doc, field: string): number | undefined {
  const value = command[field];
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n))
    throw new MongoServerError(
      14,
      `BSON field '${field}' is the wrong type '${typeof value}', expected types '[long, int, decimal, double]'`,
    );
  if (n < 0) throw new MongoServerError(2, `${field} must be non-negative, but received: ${n}`);
  return Math.trunc(n);
}
