// Which partialFilterExpression mongod accepts: equalities, $exists: true, ranges, $type, $in, $and, $or.
import { MongoServerError } from '../errors.js';
import { isPlainObject, type Doc } from '../query/paths.js';

/** internalPartialFilterExpressionMaxDepth's default. */
const MAX_DEPTH = 4;
const ALLOWED_OPERATORS = new Set(['$eq', '$gt', '$gte', '$lt', '$lte', '$type', '$in', '$exists']);

/**
 * Throws mongod's 67 CannotCreateIndex for what its partial indexes refuse: a negation (`$ne`,
 * `$exists: false`, `$not`, `$nin`), `$nor`, regular expressions, `$elemMatch`, `$expr` and the like.
 * The message names the refused expression as mongod prints it (`$not\n    a exists\n`).
 */
export function checkPartialFilter(filter: Doc, describeSpec: () => string): void {
  const refuse = (expression: string): never => {
    throw new MongoServerError(
      67,
      `Error in specification ${describeSpec()} :: caused by :: Expression not supported in partial index: ${expression}`,
    );
  };
  const walk = (clause: Doc, depth: number): void => {
    if (depth > MAX_DEPTH)
      throw new MongoServerError(
        67,
        `Error in specification ${describeSpec()} :: caused by :: partialFilterExpression depth may not exceed ${MAX_DEPTH}`,
      );
    for (const [field, condition] of Object.entries(clause)) {
      if (field === '$and' || field === '$or') {
        if (!Array.isArray(condition)) throw new MongoServerError(2, `${field} must be an array`);
        for (const member of condition) if (isPlainObject(member)) walk(member, depth + 1);
        continue;
      }
      if (field.startsWith('$')) refuse(`${field}\n`);
      if (condition instanceof RegExp || (condition as { _bsontype?: string } | null)?._bsontype === 'BSONRegExp')
        refuse(`${field} regex ${String(condition)}\n`);
      if (!isPlainObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) continue;
      for (const [operator, argument] of Object.entries(condition)) {
        if (operator === '$exists' && !argument) refuse(`$not\n    ${field} exists\n`);
        if (operator === '$ne') refuse(`$not\n    ${field} $eq ${JSON.stringify(argument)}\n`);
        if (!ALLOWED_OPERATORS.has(operator))
          refuse(`${operator === '$not' || operator === '$nin' ? '$not' : `${field} ${operator}`}\n`);
      }
    }
  };
  walk(filter, 1);
}
