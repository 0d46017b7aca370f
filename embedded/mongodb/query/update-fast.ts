// A direct path for the everyday updates ($set, $unset, $inc, $mul, $min, $max on plain fields); mingo handles the rest.
import { compareBson } from './bson-order.js';
import { combineNumbers } from './numbers.js';
import { isPlainObject, type Doc } from './paths.js';

const FAST_OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$min', '$max']);

/**
 * The object holding the last segment of `path`, creating missing objects on the way when
 * `create`; undefined when the path crosses an array or a scalar (mingo then takes over).
 */
function parentOf(doc: Doc, parts: string[], create: boolean): Doc | undefined | null {
  let target: Doc = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    const next = target[parts[i]];
    if (next === undefined && create) {
      const made: Doc = {};
      target[parts[i]] = made;
      target = made;
    } else if (next === undefined) return null;
    else if (isPlainObject(next)) target = next;
    else return undefined;
  }
  return target;
}

function plainPath(path: string): string[] | undefined {
  const parts = path.split('.');
  return parts.every((p) => p.length > 0 && !p.startsWith('$') && !/^\d+$/.test(p)) ? parts : undefined;
}

/**
 * The new value for $inc, $mul, $min or $max, or undefined when mingo must decide. Arithmetic is
 * typed as mongod types it (int32 overflows to int64, anything with a double stays a double), and
 * $min/$max compare in BSON order; done here because mingo knows no Double or Long values.
 */
function computed(operator: string, current: unknown, argument: unknown): unknown {
  switch (operator) {
    case '$inc':
      return combineNumbers(current ?? 0, argument, 'add');
    case '$mul':
      return combineNumbers(current ?? 0, argument, 'multiply');
    case '$min':
      return current === undefined || compareBson(argument, current) < 0 ? argument : current;
    case '$max':
      return current === undefined || compareBson(argument, current) > 0 ? argument : current;
    default:
      return undefined;
  }
}

/**
 * Applies `operators` to `doc` in place when every one is $set, $unset, $inc, $mul, $min or $max on a path that
 * crosses no array; returns false (having changed nothing) when mingo must do the update.
 * Type errors were already raised by the caller's checks.
 */
export function tryFastUpdate(doc: Doc, operators: Doc): boolean {
  const steps: Array<() => void> = [];
  for (const [operator, fields] of Object.entries(operators)) {
    if (!FAST_OPERATORS.has(operator) || !isPlainObject(fields)) return false;
    for (const [path, argument] of Object.entries(fields)) {
      const parts = plainPath(path);
      if (!parts) return false;
      const last = parts[parts.length - 1];
      const probe = parentOf(doc, parts, false);
      if (probe === undefined) return false;
      if (operator === '$unset') {
        steps.push(() => {
          const parent = parentOf(doc, parts, false);
          if (parent) delete parent[last];
        });
      } else if (operator === '$set') {
        steps.push(() => {
          parentOf(doc, parts, true)![last] = argument;
        });
      } else {
        const current = probe?.[last];
        const value = computed(operator, current, argument);
        if (value === undefined) return false;
        if (value === current) continue;
        steps.push(() => {
          parentOf(doc, parts, true)![last] = value;
        });
      }
    }
  }
  for (const step of steps) step();
  return true;
}
