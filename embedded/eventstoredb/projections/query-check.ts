// Refuses asynchronous code in a projection query before it runs. EventStoreDB calls handlers synchronously, and in
// Node a vm time limit that interrupts promise jobs corrupts the process's async-context stack: a fatal crash of the
// whole server, not a faulted projection. So no query may create a promise at all.
import { parse } from 'acorn';

type AstNode = { type: string; [key: string]: unknown };

const functionTypes = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

/** Names the first asynchronous construct of the query, or null when it has none (or does not parse). */
export function asynchronousConstruct(query: string): string | null {
  let root: AstNode;
  try {
    root = parse(query, { ecmaVersion: 'latest', sourceType: 'script' }) as unknown as AstNode;
  } catch {
    // A syntax error is reported by evaluating the query, with the engine's usual message.
    return null;
  }
  for (const node of walk(root)) {
    if (functionTypes.has(node.type) && node.async === true) return 'an async function';
    if (node.type === 'AwaitExpression') return 'await';
    if (node.type === 'ForOfStatement' && node.await === true) return 'for await';
    if (node.type === 'ImportExpression') return 'import()';
    if (node.type === 'Identifier' && node.name === 'Promise') return 'Promise';
  }
  return null;
}

function* walk(root: AstNode): Generator<AstNode> {
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      pending.push(...value);
    } else if (isNode(value)) {
      yield value;
      for (const child of Object.values(value)) if (typeof child === 'object' && child !== null) pending.push(child);
    }
  }
}

function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}
