// A direct path for the everyday updates ($set, $unset, $inc on plain fields); mingo handles the rest.
import { combineNumbers } from './numbers.js';
import { isPlainObject, type Doc } from './paths.js';

const FAST_OPERATORS = new Set(['$set', '$unset', '$inc']);

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
 * Applies `operators` to `doc` in place when every one is $set, $unset or $inc on a path that
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
        // Typed as mongod types it: int32 overflows to int64, anything with a double stays a double.
        const sum = combineNumbers(current ?? 0, argument, 'add');
        if (sum === undefined) return false;
        steps.push(() => {
          parentOf(doc, parts, true)![last] = sum;
        });
      }
    }
  }
  for (const step of steps) step();
  return true;
}
