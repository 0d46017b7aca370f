// MongoDB's refusals that mingo's update operators silently skip: conflicts and wrong field types.
import { MongoServerError } from '../errors.js';
import { formatKeyValue } from '../storage/key-format.js';
import { getPath, isPlainObject, type Doc } from './paths.js';

export const UPDATE_OPERATORS = new Set([
  '$set',
  '$unset',
  '$inc',
  '$mul',
  '$rename',
  '$min',
  '$max',
  '$currentDate',
  '$push',
  '$addToSet',
  '$pop',
  '$pull',
  '$pullAll',
  '$bit',
  '$setOnInsert',
]);
const NUMERIC_OPERATORS = new Set(['$inc', '$mul']);
const ARRAY_OPERATORS = new Set(['$push', '$addToSet', '$pop', '$pull', '$pullAll']);

const isNumeric = (v: unknown): boolean =>
  typeof v === 'number' ||
  ['Int32', 'Long', 'Double', 'Decimal128'].includes((v as { _bsontype?: string } | null)?._bsontype ?? '');

function bsonTypeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (v instanceof Date) return 'date';
  if (isPlainObject(v)) return 'object';
  return ((v as { _bsontype?: string })._bsontype ?? typeof v).toLowerCase();
}

/** Refuses unknown operators and two operators touching the same path or a path and its prefix. */
export function checkOperators(update: Doc): void {
  const paths: string[] = [];
  for (const [operator, fields] of Object.entries(update)) {
    if (!UPDATE_OPERATORS.has(operator)) {
      throw new MongoServerError(
        9,
        `Unknown modifier: ${operator}. Expected a valid update modifier or pipeline-style update specified as an array`,
      );
    }
    if (!isPlainObject(fields)) {
      throw new MongoServerError(
        9,
        `Modifiers operate on fields but we found type ${bsonTypeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${operator}: ${formatKeyValue(fields)}}`,
      );
    }
    for (const [path, argument] of Object.entries(fields)) {
      paths.push(path);
      if (operator === '$rename' && typeof argument === 'string') paths.push(argument);
      if (NUMERIC_OPERATORS.has(operator) && !isNumeric(argument)) {
        const verb = operator === '$inc' ? 'increment' : 'multiply';
        throw new MongoServerError(
          14,
          `Cannot ${verb} with non-numeric argument: {${path}: ${formatKeyValue(argument)}}`,
        );
      }
    }
  }
  if (paths.length < 2) return;
  // Positional parts ($, $[], $[id]) do not count: `a.$.b` and `a.b` collide.
  const cleaned = paths.map((p) =>
    p.includes('$')
      ? p
          .split('.')
          .filter((s) => !s.startsWith('$'))
          .join('.')
      : p,
  );
  for (let i = 0; i < paths.length; i++) {
    for (let j = 0; j < paths.length; j++) {
      if (i === j) continue;
      const a = cleaned[i];
      const b = cleaned[j];
      if (a === b || (b.length > a.length && b.startsWith(a) && b[a.length] === '.')) {
        throw new MongoServerError(40, `Updating the path '${paths[j]}' would create a conflict at '${paths[i]}'`);
      }
    }
  }
}

/** Refuses $inc on a string, $push on a non-array and the like, as mongod does (14 and 2). */
export function checkFieldTypes(doc: Doc, update: Doc): void {
  for (const [operator, fields] of Object.entries(update)) {
    if (!NUMERIC_OPERATORS.has(operator) && !ARRAY_OPERATORS.has(operator)) continue;
    for (const path of Object.keys(fields as Doc)) {
      if (path.includes('$')) continue;
      const current = getPath(doc, path);
      if (current === undefined) continue;
      if (NUMERIC_OPERATORS.has(operator) && !isNumeric(current)) {
        throw new MongoServerError(
          14,
          `Cannot apply ${operator} to a value of non-numeric type. {_id: ${formatKeyValue(doc._id)}} has the field '${path}' of non-numeric type ${bsonTypeName(current)}`,
        );
      }
      if (ARRAY_OPERATORS.has(operator) && !Array.isArray(current)) {
        if (operator === '$push' || operator === '$addToSet' || operator === '$pop') {
          throw new MongoServerError(
            2,
            `The field '${path}' must be an array but is of type ${bsonTypeName(current)} in document {_id: ${formatKeyValue(doc._id)}}`,
          );
        }
        throw new MongoServerError(2, `Cannot apply ${operator} to a non-array value`);
      }
    }
  }
}
