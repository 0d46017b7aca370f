// The routes an express app really serves, read from its routers, checked against the OpenAPI operations: a route
// without an entry would be served without a declared access (so without a guard) and missing from the document.
import type express from 'express';
import type { OperationSpec } from './openapi.js';

interface Layer {
  readonly route?: { readonly path: unknown; readonly methods: Record<string, boolean>; readonly stack: readonly { readonly handle: unknown }[] };
  readonly handle: { readonly stack?: readonly Layer[] };
  readonly slash?: boolean;
  readonly rawPath?: unknown;
}

export interface ServedRoute {
  readonly method: string;
  /** OpenAPI style: `/clients/{clientId}/bookings`. */
  readonly path: string;
}

/** Every method and path the app's routers answer, except routes made only of `ignored` handlers (the guards). */
export function servedRoutes(app: express.Express, ignored: ReadonlySet<unknown> = new Set()): ServedRoute[] {
  const walk = (stack: readonly Layer[], prefix: string): ServedRoute[] =>
    stack.flatMap((layer) => {
      if (layer.route) {
        if (typeof layer.route.path !== 'string' || layer.route.stack.every((step) => ignored.has(step.handle))) return [];
        const path = `${prefix}${layer.route.path}`.replace(/:(\w+)/g, '{$1}');
        return Object.keys(layer.route.methods).filter((method) => method !== '_all').map((method) => ({ method, path }));
      }
      if (layer.handle.stack) return walk(layer.handle.stack, layer.slash || typeof layer.rawPath !== 'string' ? prefix : `${prefix}${layer.rawPath}`);
      return [];
    });
  return walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
}

/**
 * Throws naming every route served without an OpenAPI entry, and every entry no route serves. Paths under the
 * exempt prefixes (the inspector's HTML pages, guarded as a whole) need no entry.
 */
export function assertDocumented(served: readonly ServedRoute[], specs: readonly OperationSpec[], exemptPrefixes: readonly string[]): void {
  const key = (route: { method: string; path: string }) => `${route.method.toUpperCase()} ${route.path}`;
  const documented = new Set(specs.map(key));
  const serving = new Set(served.map(key));
  const undocumented = [...serving].filter((route) => !documented.has(route) && !exemptPrefixes.some((prefix) => route.split(' ')[1]!.startsWith(prefix)));
  const unserved = [...documented].filter((route) => !serving.has(route));
  const problems = [
    ...(undocumented.length > 0 ? [`served without an OpenAPI entry (and so without a declared access): ${undocumented.join(', ')}`] : []),
    ...(unserved.length > 0 ? [`documented but served by no route: ${unserved.join(', ')}`] : []),
  ];
  if (problems.length > 0) throw new Error(`The routes and /openapi.json disagree: ${problems.join('; ')}`);
}
