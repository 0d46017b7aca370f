// One secondary index: its definition, the keys a document contributes, and the sorted entries.
import { Query } from 'mingo';
import { MongoServerError } from '../errors.js';
import { compareBson } from '../query/bson-order.js';
import { valuesAtPath, type Doc } from '../query/paths.js';
import { formatKey } from './key-format.js';
import { SortedList } from './sorted-list.js';

/** An index entry: the key's values in index-field order, and the record it points at. */
export interface Entry {
  key: unknown[];
  seq: number;
}

/** Bound markers below/above every value whatever the field's direction, to pad scan bounds. */
export const LOW = Symbol('low');
export const HIGH = Symbol('high');

export interface IndexSpec {
  name: string;
  key: Doc;
  unique?: boolean;
  sparse?: boolean;
  /** Kept up to date and enforcing uniqueness, but never chosen or hinted (mongod's hidden indexes). */
  hidden?: boolean;
  partialFilterExpression?: Doc;
}

export class CollectionIndex {
  readonly fields: string[];
  readonly directions: number[];
  /** Some field is a dotted path: keys then always come from walking paths. */
  private readonly dotted: boolean;
  readonly entries: SortedList<Entry>;
  private readonly partial?: Query;
  /** Set once any document contributed several keys; range bounds are then unsafe to use. */
  multikey = false;

  constructor(
    readonly spec: IndexSpec,
    private readonly ns: string,
  ) {
    this.fields = Object.keys(spec.key);
    this.dotted = this.fields.some((f) => f.includes('.'));
    this.directions = this.fields.map((f) => (Number(spec.key[f]) < 0 ? -1 : 1));
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression);
    const directions = this.directions;
    this.entries = new SortedList<Entry>((a, b) => {
      for (let i = 0; i < directions.length; i++) {
        const x = a.key[i];
        const y = b.key[i];
        if (x === y) continue;
        if (x === LOW || y === HIGH) return -1;
        if (x === HIGH || y === LOW) return 1;
        const c = compareBson(x, y);
        if (c !== 0) return c * directions[i];
      }
      return a.seq - b.seq;
    });
  }

  get name(): string {
    return this.spec.name;
  }

  get usableForQueries(): boolean {
    return !this.partial && !this.spec.sparse && !this.spec.hidden;
  }

  /** The keys `doc` contributes: none when a partial or sparse index leaves it out. */
  keysFor(doc: Doc): unknown[][] {
    if (this.partial && !this.partial.test(doc)) return [];
    // Top-level scalar fields (the usual case) give exactly one key without walking paths.
    if (this.dotted) return this.walkKeys(doc);
    const direct: unknown[] = [];
    for (const field of this.fields) {
      const value = doc[field];
      if (Array.isArray(value)) return this.walkKeys(doc);
      direct.push(value === undefined ? null : value);
    }
    if (this.spec.sparse && this.fields.every((f) => doc[f] === undefined)) return [];
    return [direct];
  }

  /** Keys of a document with dotted paths or arrays: one key per array element (multikey). */
  private walkKeys(doc: Doc): unknown[][] {
    const perField = this.fields.map((field) => valuesAtPath(doc, field));
    if (this.spec.sparse && perField.every((p) => p.values.every((v) => v === undefined))) return [];
    const arrayFields = this.fields.filter((_, i) => perField[i].arrays);
    if (arrayFields.length > 1) {
      throw new MongoServerError(171, `cannot index parallel arrays [${arrayFields[1]}] [${arrayFields[0]}]`);
    }
    let keys: unknown[][] = [[]];
    for (const { values } of perField) {
      const distinct = values.length > 1 ? dedupe(values) : values;
      keys = keys.flatMap((prefix) => distinct.map((v) => [...prefix, v === undefined ? null : v]));
    }
    return keys;
  }

  add(seq: number, keys: unknown[][]): void {
    if (keys.length > 1) this.multikey = true;
    for (const key of keys) this.entries.insert({ key, seq });
  }

  remove(seq: number, keys: unknown[][]): void {
    for (const key of keys) this.entries.delete({ key, seq });
  }

  /** Throws E11000 when a unique index already holds one of `keys` for another record. */
  checkUnique(seq: number, keys: unknown[][]): void {
    if (!this.spec.unique) return;
    for (const key of keys) {
      const first = this.entries.firstAtLeast({ key, seq: -Infinity });
      if (!first || this.entries.compare(first, { key, seq: first.seq }) !== 0) continue;
      if (first.seq !== seq) throw this.duplicateKey(key);
      // The record's own entry came first (an update): any other holder of the key follows it.
      for (const entry of this.entries.range({ key, seq: seq + 0.5 }, { key, seq: Infinity })) {
        if (entry.seq !== seq) throw this.duplicateKey(key);
      }
    }
  }

  duplicateKey(key: unknown[]): MongoServerError {
    const keyValue: Doc = {};
    this.fields.forEach((f, i) => (keyValue[f] = key[i]));
    return new MongoServerError(
      11000,
      `E11000 duplicate key error collection: ${this.ns} index: ${this.name} dup key: ${formatKey(this.fields, key)}`,
      { keyPattern: this.spec.key, keyValue },
    );
  }
}

function dedupe(values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) if (!out.some((o) => compareBson(o, v) === 0)) out.push(v);
  return out;
}
