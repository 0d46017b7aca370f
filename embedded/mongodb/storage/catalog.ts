// Every database and collection the server holds; a database exists while it has a collection.
import type { Doc } from '../query/paths.js';
import { Collection } from './collection.js';
import { MongoServerError } from '../errors.js';

export class Catalog {
  private readonly databases = new Map<string, Map<string, Collection>>();

  get(db: string, name: string): Collection | undefined {
    return this.databases.get(db)?.get(name);
  }

  /** The collection, created implicitly as MongoDB does on a first write. */
  getOrCreate(db: string, name: string): Collection {
    return this.get(db, name) ?? this.create(db, name);
  }

  create(db: string, name: string, options: Doc = {}): Collection {
    validateName(db, name);
    let collections = this.databases.get(db);
    if (!collections) this.databases.set(db, (collections = new Map()));
    if (collections.has(name)) throw new MongoServerError(48, `Collection ${db}.${name} already exists.`);
    const collection = new Collection(db, name, options);
    collections.set(name, collection);
    return collection;
  }

  drop(db: string, name: string): boolean {
    const collections = this.databases.get(db);
    const dropped = collections?.delete(name) ?? false;
    if (collections && collections.size === 0) this.databases.delete(db);
    return dropped;
  }

  dropDatabase(db: string): void {
    this.databases.delete(db);
  }

  collections(db: string): Collection[] {
    return [...(this.databases.get(db)?.values() ?? [])];
  }

  databaseNames(): string[] {
    return [...this.databases.keys()];
  }
}

function validateName(db: string, name: string): void {
  if (!db || /[/\\. "$\0]/.test(db)) throw new MongoServerError(73, `Invalid database name: '${db}'`);
  if (!name || name.includes('\0') || name.startsWith('.') || name.includes('$')) {
    throw new MongoServerError(73, `Invalid collection name: ${name}`);
  }
}
