// explain for find: which plan ran and how much it examined, in the shape mongod reports.
import { MongoServerError } from '../errors.js';
import { match } from '../query/find.js';
import { isPlainObject, type Doc } from '../query/paths.js';
import { collectionName, existingCollection, intOption, type CommandHandler } from './context.js';
import { VERSION } from './admin.js';

const VERBOSITIES = new Set(['queryPlanner', 'executionStats', 'allPlansExecution']);

export const explain: CommandHandler = (command, context) => {
  const verbosity = command.verbosity ?? 'allPlansExecution';
  if (typeof verbosity !== 'string') throw new MongoServerError(9, 'explain verbosity must be a string');
  if (!VERBOSITIES.has(verbosity)) {
    throw new MongoServerError(
      9,
      "verbosity string must be one of {'queryPlanner', 'executionStats', 'allPlansExecution'}",
    );
  }
  const inner = command.explain;
  if (!isPlainObject(inner) || Object.keys(inner)[0] !== 'find') {
    throw new MongoServerError(2, 'the embedded server explains find commands only');
  }
  const started = process.hrtime.bigint();
  const { records, plan, docsExamined } = match(existingCollection(inner, context), inner.filter, {
    sort: inner.sort,
    skip: intOption(inner, 'skip'),
    limit: intOption(inner, 'limit'),
  });
  const elapsed = Number((process.hrtime.bigint() - started) / 1_000_000n);
  const scan: Doc =
    plan.stage === 'COLLSCAN'
      ? { stage: 'COLLSCAN', direction: 'forward' }
      : { stage: plan.stage, indexName: plan.indexName, keyPattern: plan.keyPattern };
  const winningPlan: Doc = plan.stage === 'COLLSCAN' ? scan : { stage: 'FETCH', inputStage: scan };
  const reply: Doc = {
    queryPlanner: { namespace: `${context.db}.${collectionName(inner)}`, winningPlan, rejectedPlans: [] },
    serverInfo: { host: 'embedded', version: VERSION },
    ok: 1,
  };
  if (command.verbosity !== 'queryPlanner') {
    reply.executionStats = {
      executionSuccess: true,
      nReturned: records.length,
      executionTimeMillis: elapsed,
      totalKeysExamined: plan.keysExamined,
      totalDocsExamined: docsExamined,
    };
  }
  return reply;
};
