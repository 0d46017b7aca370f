// `let` variables of find, aggregate, update, delete and findAndModify, evaluated once per command.
import { Aggregator } from 'mingo';
import { MongoServerError } from '../errors.js';
import { isPlainObject, type Doc } from './paths.js';
import { plainView } from './wide-values.js';

/** mongod's rule for user variable names: a lowercase letter or non-ASCII first, then letters, digits, `_`. */
const VARIABLE_NAME = /^[a-z\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/;

/**
 * The variables a command's `let` (and an update statement's `c`) defines, for `$$name` in `$expr`,
 * pipelines and update pipelines. Each value is an expression, evaluated once as mongod does
 * (`{let: {total: {$add: [1, 2]}}}` gives 3). Undefined when the command defines none, so the
 * common path builds nothing.
 */
export function letVariables(first: unknown, second?: unknown): Doc | undefined {
  // No rest parameter: this runs for every find and write, nearly always with nothing to read.
  if ((first === undefined || first === null) && second === undefined) return undefined;
  let variables: Doc | undefined;
  for (const source of [first, second]) {
    if (source === undefined || source === null) continue;
    if (!isPlainObject(source))
      throw new MongoServerError(14, "BSON field 'let' is the wrong type, expected type 'object'");
    for (const [name, expression] of Object.entries(source)) {
      if (!VARIABLE_NAME.test(name)) {
        throw new MongoServerError(2, `'${name}' starts with an invalid character for a user variable name`);
      }
      // mingo evaluates them, against plain views of the documents: the values are plain too.
      (variables ??= {})[name] = evaluate(plainView(expression), variables);
    }
  }
  return variables;
}

function evaluate(expression: unknown, variables: Doc): unknown {
  try {
    const [result] = new Aggregator([{ $replaceWith: { value: expression } }], { variables }).run([{}]) as Doc[];
    return result.value;
  } catch (error) {
    throw new MongoServerError(2, (error as Error).message);
  }
}
