// The aggregate command: leading $match (and $sort) run here on the indexes, the rest through mingo.
import { Aggregator } from 'mingo';
import { MongoServerError } from '../errors.js';
import { match } from '../query/find.js';
import { checkHint } from '../query/hint.js';
import { cloneDocument, isPlainObject, type Doc } from '../query/paths.js';
import { sortDocuments } from '../query/sort.js';
import { collectionName, intOption, type CommandContext, type CommandHandler } from './context.js';
import { letVariables } from '../query/variables.js';
import type { Collection } from '../storage/collection.js';
import { storageStats } from './stats.js';
import { plainView, restoreWrappers } from '../query/wide-values.js';
import { canonicalIdKey } from '../storage/key-format.js';

/** Stages whose output documents are input documents, filtered, reordered or reshaped: `_id` still names them. */
const KEEPS_DOCUMENTS = new Set([
  '$match',
  '$sort',
  '$limit',
  '$skip',
  '$project',
  '$addFields',
  '$set',
  '$unset',
  '$sample',
]);

/** Stages that build new documents and never change their input, so stored ones need no copy. */
const NON_MUTATING = new Set(['$match', '$group', '$sort', '$limit', '$skip', '$count', '$project', '$sortByCount']);

export const aggregate: CommandHandler = (command, context) => {
  const pipeline = command.pipeline;
  if (!Array.isArray(pipeline) || !pipeline.every(isPlainObject)) {
    throw new MongoServerError(14, "'pipeline' option must be specified as an array");
  }
  const stages = pipeline as Doc[];
  const variables = letVariables(command.let);
  const out = outTarget(stages, context.db);
  const body = out ? stages.slice(0, -1) : stages;
  const { ns, docs, rest, originals } =
    command.aggregate === 1 ? databaseSource(body, context) : collectionSource(command, body, context, variables);

  let results: Doc[];
  try {
    // $lookup and friends read other collections of the same database through this resolver.
    const collectionResolver = (other: string): Doc[] =>
      [...(context.catalog.get(context.db, other)?.records.values() ?? [])].map((doc) => cloneDocument(plainView(doc)));
    results =
      rest.length === 0
        ? docs
        : (new Aggregator(plainView(rest), { collectionResolver, variables }).run(docs) as Doc[]);
  } catch (error) {
    throw new MongoServerError(2, (error as Error).message);
  }
  // Stages that pass documents on (filtered, sorted, reshaped) give untouched fields their types back.
  if (originals) results = results.map((doc) => restoreWrappers(originals.get(canonicalIdKey(doc._id)), doc));
  if (out) {
    replaceContents(context, out.db, out.coll, results);
    results = [];
  }
  const cursorOptions = isPlainObject(command.cursor) ? command.cursor : {};
  return { cursor: context.cursors.first(ns, results, intOption(cursorOptions, 'batchSize')), ok: 1 };
};

interface Source {
  ns: string;
  /** The documents entering the stages that are left. */
  docs: Doc[];
  rest: Doc[];
  /** Stored documents holding wrappers, by `_id`, when every stage left keeps documents whole. */
  originals?: Map<string, Doc>;
}

/** `{aggregate: 1}` has no collection: its first stage must make documents ($documents). */
function databaseSource(body: Doc[], context: CommandContext): Source {
  const first = body[0] ? Object.keys(body[0])[0] : undefined;
  if (first !== '$documents') {
    throw new MongoServerError(73, `{aggregate: 1} is not valid for '${first ?? '$match'}'; a collection is required.`);
  }
  return { ns: `${context.db}.$cmd.aggregate`, docs: [], rest: body };
}

/** Leading $match stages run on the indexes and a $sort right after them here; $collStats reads the catalog. */
function collectionSource(command: Doc, body: Doc[], context: CommandContext, variables: Doc | undefined): Source {
  const name = collectionName(command);
  const ns = `${context.db}.${name}`;
  const collection = context.catalog.get(context.db, name);
  checkHint(collection, command.hint);
  if (body[0] && '$collStats' in body[0])
    return { ns, docs: [collStatsDocument(ns, collection, body[0].$collStats)], rest: body.slice(1) };
  let first = 0;
  const filters: Doc[] = [];
  while (first < body.length && '$match' in body[first]) filters.push(body[first++].$match as Doc);
  const filter = filters.length === 0 ? {} : filters.length === 1 ? filters[0] : { $and: filters };
  let docs = match(collection, filter, { variables }).records.map(([, doc]) => doc);
  if (first < body.length && '$sort' in body[first]) docs = sortDocuments(docs, body[first++].$sort);
  const rest = body.slice(first);
  if (!rest.every((stage) => NON_MUTATING.has(Object.keys(stage)[0]))) docs = docs.map(cloneDocument);
  // mingo's stages know plain JS values only: Double, Long and BSONRegExp reach them as numbers and RegExps.
  let originals: Map<string, Doc> | undefined;
  if (rest.length > 0) {
    const keeps = rest.every((stage) => KEEPS_DOCUMENTS.has(Object.keys(stage)[0]));
    docs = docs.map((doc) => {
      const plain = plainView(doc);
      if (keeps && plain !== doc) (originals ??= new Map()).set(canonicalIdKey(doc._id), doc);
      return plain;
    });
  }
  return { ns, docs, rest, originals };
}

/** The one document $collStats produces: the requested `count` and `storageStats` sections. */
function collStatsDocument(ns: string, collection: Collection | undefined, spec: unknown): Doc {
  if (!isPlainObject(spec))
    throw new MongoServerError(5447000, '$collStats must take a nested object but found: ' + String(spec));
  const doc: Doc = { ns, host: 'embedded', localTime: new Date() };
  if (isPlainObject(spec.storageStats)) {
    if (!collection)
      throw new MongoServerError(
        26,
        `Unable to retrieve storageStats in $collStats stage :: caused by :: Collection [${ns}] not found.`,
      );
    const scale = spec.storageStats.scale === undefined ? 1 : Number(spec.storageStats.scale);
    doc.storageStats = storageStats(collection, scale);
  }
  if (spec.count !== undefined) doc.count = collection?.records.size ?? 0;
  if (spec.latencyStats !== undefined || spec.queryExecStats !== undefined) {
    throw new MongoServerError(115, 'the embedded MongoDB server keeps no latencyStats or queryExecStats');
  }
  return doc;
}

function outTarget(stages: Doc[], db: string): { db: string; coll: string } | undefined {
  const last = stages[stages.length - 1];
  if (!last) return undefined;
  if ('$merge' in last) throw new MongoServerError(2, '$merge is not supported by the embedded server');
  if (!('$out' in last)) return undefined;
  const target = last.$out;
  if (typeof target === 'string') return { db, coll: target };
  if (isPlainObject(target) && typeof target.coll === 'string')
    return { db: typeof target.db === 'string' ? target.db : db, coll: target.coll };
  throw new MongoServerError(2, '$out requires a collection name or {db, coll}');
}

/** $out replaces the target collection's documents, keeping its indexes as mongod does. */
function replaceContents(context: CommandContext, db: string, coll: string, docs: Doc[]): void {
  const target = context.catalog.getOrCreate(db, coll);
  for (const seq of [...target.records.keys()]) target.remove(seq);
  for (const doc of docs) target.insert(doc);
}
