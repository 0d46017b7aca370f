// A collection in memory: records by sequence number, the _id map, secondary indexes kept in step.
import { ObjectId } from 'bson';
import { MongoServerError } from '../errors.js';
import { sameBsonValue } from '../query/bson-equal.js';
import { isPlainObject, type Doc } from '../query/paths.js';
import { CollectionIndex, type IndexSpec } from './collection-index.js';
import { canonicalIdKey, formatKey } from './key-format.js';

export const ID_INDEX_NAME = '_id_';

export class Collection {
  /** Insertion-ordered, so iterating gives MongoDB's natural order. */
  readonly records = new Map<number, Doc>();
  readonly ids = new Map<string, number>();
  readonly indexes = new Map<string, CollectionIndex>();
  private nextSeq = 1;

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Doc = {},
  ) {}

  get ns(): string {
    return `${this.db}.${this.name}`;
  }

  findById(id: unknown): [number, Doc] | undefined {
    const seq = this.ids.get(canonicalIdKey(id));
    return seq === undefined ? undefined : [seq, this.records.get(seq)!];
  }

  /** Stores `doc` (given an _id first if it has none), enforcing every unique index. */
  insert(input: Doc): Doc {
    const doc = withIdFirst(input);
    const idKey = canonicalIdKey(doc._id);
    if (this.ids.has(idKey)) throw this.duplicateId(doc._id);
    const seq = this.nextSeq++;
    const keys = this.keysChecked(seq, doc);
    this.records.set(seq, doc);
    this.ids.set(idKey, seq);
    let i = 0;
    for (const index of this.indexes.values()) index.add(seq, keys[i++]);
    return doc;
  }

  /** Replaces the record's document; the _id never changes (code 66). */
  replace(seq: number, doc: Doc): void {
    const old = this.records.get(seq)!;
    if (canonicalIdKey(old._id) !== canonicalIdKey(doc._id)) {
      throw new MongoServerError(66, "Performing an update on the path '_id' would modify the immutable field '_id'");
    }
    // Only indexes whose keys change are touched; every check runs before anything is modified.
    const changes: Array<[CollectionIndex, unknown[][], unknown[][]]> = [];
    for (const index of this.indexes.values()) {
      const oldKeys = index.keysFor(old);
      const newKeys = index.keysFor(doc);
      if (sameBsonValue(oldKeys, newKeys)) continue;
      index.checkUnique(seq, newKeys);
      changes.push([index, oldKeys, newKeys]);
    }
    for (const [index, oldKeys, newKeys] of changes) {
      index.remove(seq, oldKeys);
      index.add(seq, newKeys);
    }
    this.records.set(seq, doc);
  }

  remove(seq: number): void {
    const doc = this.records.get(seq);
    if (!doc) return;
    for (const index of this.indexes.values()) index.remove(seq, index.keysFor(doc));
    this.records.delete(seq);
    this.ids.delete(canonicalIdKey(doc._id));
  }

  /** Builds an index over the existing records; a duplicate aborts the build with E11000. */
  createIndex(spec: IndexSpec): void {
    const index = new CollectionIndex(spec, this.ns);
    for (const [seq, doc] of this.records) {
      const keys = index.keysFor(doc);
      index.checkUnique(seq, keys);
      index.add(seq, keys);
    }
    this.indexes.set(spec.name, index);
  }

  indexSpecs(): Doc[] {
    const specs: Doc[] = [{ v: 2, key: { _id: 1 }, name: ID_INDEX_NAME }];
    for (const { spec } of this.indexes.values()) {
      const out: Doc = { v: 2, key: spec.key, name: spec.name };
      if (spec.unique) out.unique = true;
      if (spec.sparse) out.sparse = true;
      if (spec.hidden) out.hidden = true;
      if (spec.partialFilterExpression) out.partialFilterExpression = spec.partialFilterExpression;
      specs.push(out);
    }
    return specs;
  }

  private keysChecked(seq: number, doc: Doc): unknown[][][] {
    const keys: unknown[][][] = [];
    for (const index of this.indexes.values()) {
      const k = index.keysFor(doc);
      index.checkUnique(seq, k);
      keys.push(k);
    }
    return keys;
  }

  private duplicateId(id: unknown): MongoServerError {
    return new MongoServerError(
      11000,
      `E11000 duplicate key error collection: ${this.ns} index: ${ID_INDEX_NAME} dup key: ${formatKey(['_id'], [id])}`,
      { keyPattern: { _id: 1 }, keyValue: { _id: id } },
    );
  }
}

/** mongod stores _id as the first field and generates an ObjectId when the client sent none. */
export function withIdFirst(doc: Doc): Doc {
  if (Array.isArray(doc._id)) throw new MongoServerError(2, "The '_id' value cannot be of type array");
  if (isPlainObject(doc) && doc._id !== undefined && Object.keys(doc)[0] === '_id') return doc;
  const ordered: Doc = { _id: doc._id === undefined ? new ObjectId() : doc._id };
  for (const key in doc) if (key !== '_id') ordered[key] = doc[key];
  return ordered;
}
