// A matcher for the most common filters (scalar equality and comparisons), without mingo's setup cost.
import { compareBson, typeRank } from './bson-order.js';
import { isPlainObject, valuesAtPath, type Doc } from './paths.js';
import { isBsonRegExp, sameRegex, toJsRegExp } from './wide-values.js';
import { typeTest } from './bson-type.js';

type Test = (value: unknown) => boolean;

/** Scalars whose matching is plain BSON comparison: no null (it also matches missing), arrays, objects or regexes. */
function isScalar(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return !Number.isNaN(value);
  if (value instanceof Date) return true;
  const type = (value as { _bsontype?: string })._bsontype;
  return type === 'ObjectId' || type === 'Long' || type === 'Double';
}

/**
 * `{path: /re/}`: a string matches by the expression, a stored regular expression by being the
 * same one (pattern and flags), as in mongod.
 */
function regexTest(condition: unknown): Test | undefined {
  let regex: RegExp;
  if (isBsonRegExp(condition)) regex = toJsRegExp(condition);
  else if (condition instanceof RegExp) regex = new RegExp(condition.source, condition.flags.replace('g', ''));
  else return undefined;
  return (v) => (typeof v === 'string' ? regex.test(v) : sameRegex(v, condition));
}

function sameBracket(a: unknown, b: unknown): boolean {
  return typeRank(a) === typeRank(b);
}

function operatorTest(operator: string, argument: unknown): Test | undefined {
  if (operator === '$type') return typeTest(argument);
  if (operator === '$in') {
    if (!Array.isArray(argument) || !argument.every(isScalar)) return undefined;
    // A string equals only an equal string among these scalars, so a Set answers for strings
    // however long the list is (a poller's `_id: {$in: [64 ids]}` tested 64 times over).
    const strings = new Set(argument.filter((a) => typeof a === 'string'));
    return (v) =>
      typeof v === 'string' ? strings.has(v) : argument.some((a) => sameBracket(v, a) && compareBson(v, a) === 0);
  }
  if (!isScalar(argument)) return undefined;
  switch (operator) {
    case '$eq':
      return (v) => sameBracket(v, argument) && compareBson(v, argument) === 0;
    case '$gt':
      return (v) => sameBracket(v, argument) && compareBson(v, argument) > 0;
    case '$gte':
      return (v) => sameBracket(v, argument) && compareBson(v, argument) >= 0;
    case '$lt':
      return (v) => sameBracket(v, argument) && compareBson(v, argument) < 0;
    case '$lte':
      return (v) => sameBracket(v, argument) && compareBson(v, argument) <= 0;
    default:
      return undefined;
  }
}

/**
 * A predicate for filters made only of `{path: scalar}` and `{path: {$eq|$gt|$gte|$lt|$lte|$in: scalars}}`,
 * or undefined when the filter needs mingo. Each condition holds when some value at the path
 * (array elements included) satisfies it, as in MongoDB.
 */
export function compileSimpleFilter(filter: Doc): ((doc: Doc) => boolean) | undefined {
  const clauses: Array<{ path: string; tests: Test[] }> = [];
  for (const [path, condition] of Object.entries(filter)) {
    if (path.startsWith('$') || path.split('.').some((p) => /^\d+$/.test(p) || p === '')) return undefined;
    if (isScalar(condition)) {
      clauses.push({ path, tests: [operatorTest('$eq', condition)!] });
      continue;
    }
    const regex = regexTest(condition);
    if (regex) {
      clauses.push({ path, tests: [regex] });
      continue;
    }
    if (!isPlainObject(condition) || Object.keys(condition).length === 0) return undefined;
    const tests: Test[] = [];
    for (const [operator, argument] of Object.entries(condition)) {
      const test = operatorTest(operator, argument);
      if (!test) return undefined;
      tests.push(test);
    }
    clauses.push({ path, tests });
  }
  return (doc) =>
    clauses.every(({ path, tests }) => {
      const { values } = valuesAtPath(doc, path);
      return tests.every((test) => values.some(test));
    });
}
