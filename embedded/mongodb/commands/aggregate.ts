// The aggregate command: leading $match (and $sort) run here on the indexes, the rest through mingo.
import { Aggregator } from 'mingo';
import { MongoServerError } from '../errors.js';
import { match } from '../query/find.js';
import { checkHint } from '../query/hint.js';
import { cloneDocument, isPlainObject, type Doc } from '../query/paths.js';
import { sortDocuments } from '../query/sort.js';
import { collectionName, intOption, type CommandContext, type CommandHandler } from './context.js';

/** Stages that build new documents and never change their input, so stored ones need no copy. */
const NON_MUTATING = new Set(['$match', '$group', '$sort', '$limit', '$skip', '$count', '$project', '$sortByCount']);

export const aggregate: CommandHandler = (command, context) => {
  const name = collectionName(command);
  const pipeline = command.pipeline;
  if (!Array.isArray(pipeline) || !pipeline.every(isPlainObject)) {
    throw new MongoServerError(14, "'pipeline' option must be specified as an array");
  }
  const stages = pipeline as Doc[];
  const out = outTarget(stages, context.db);
  const body = out ? stages.slice(0, -1) : stages;

  let first = 0;
  const filters: Doc[] = [];
  while (first < body.length && '$match' in body[first]) filters.push(body[first++].$match as Doc);
  const filter = filters.length === 0 ? {} : filters.length === 1 ? filters[0] : { $and: filters };
  checkHint(context.catalog.get(context.db, name), command.hint);
  let docs = match(context.catalog.get(context.db, name), filter).records.map(([, doc]) => doc);
  if (first < body.length && '$sort' in body[first]) docs = sortDocuments(docs, body[first++].$sort);

  const rest = body.slice(first);
  if (!rest.every((stage) => NON_MUTATING.has(Object.keys(stage)[0]))) docs = docs.map(cloneDocument);
  let results: Doc[];
  try {
    // $lookup and friends read other collections of the same database through this resolver.
    const collectionResolver = (other: string): Doc[] =>
      [...(context.catalog.get(context.db, other)?.records.values() ?? [])].map(cloneDocument);
    results = rest.length === 0 ? docs : (new Aggregator(rest, { collectionResolver }).run(docs) as Doc[]);
  } catch (error) {
    throw new MongoServerError(2, (error as Error).message);
  }
  if (out) {
    replaceContents(context, out.db, out.coll, results);
    results = [];
  }
  const cursorOptions = isPlainObject(command.cursor) ? command.cursor : {};
  return {
    cursor: context.cursors.first(`${context.db}.${name}`, results, intOption(cursorOptions, 'batchSize')),
    ok: 1,
  };
};

function outTarget(stages: Doc[], db: string): { db: string; coll: string } | undefined {
  const last = stages[stages.length - 1];
  if (!last) return undefined;
  if ('$merge' in last) throw new MongoServerError(2, '$merge is not supported by the embedded server');
  if (!('$out' in last)) return undefined;
  const target = last.$out;
  if (typeof target === 'string') return { db, coll: target };
  if (isPlainObject(target) && typeof target.coll === 'string') return { db: typeof target.db === 'string' ? target.db : db, coll: target.coll };
  throw new MongoServerError(2, "$out requires a collection name or {db, coll}");
}

/** $out replaces the target collection's documents, keeping its indexes as mongod does. */
function replaceContents(context: CommandContext, db: string, coll: string, docs: Doc[]): void {
  const target = context.catalog.getOrCreate(db, coll);
  for (const seq of [...target.records.keys()]) target.remove(seq);
  for (const doc of docs) target.insert(doc);
}
