// A route declared once: its method, path, schemas, access, answers and handler side by side. The express router,
// the guard in front of it, /openapi.json and the 404/405 rules are all read from these declarations.
import express, { Router, type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { Guards } from './authentication.js';
import type { OperationSpec } from './openapi.js';
import { expectedRevisionOf } from './preconditions.js';
import { parseRequest } from './validation.js';

type Parsed<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

/** What a handler is given: the request's parts, already parsed with the schemas its declaration names. */
export interface RouteInput<Params, Query, Body> {
  readonly params: Parsed<Params>;
  readonly query: Parsed<Query>;
  readonly body: Parsed<Body>;
  /** The revision If-Match names, for routes that declare `ifMatch`; undefined without the header. */
  readonly expectedRevision: bigint | undefined;
}

type ParamsSchema = z.ZodObject | undefined;
type QuerySchema = z.ZodObject | undefined;
type BodySchema = z.ZodType | undefined;

export interface RouteDeclaration<
  Params extends ParamsSchema,
  Query extends QuerySchema,
  Body extends BodySchema,
> extends OperationSpec {
  readonly params?: Params;
  readonly query?: Query;
  readonly body?: Body;
  /** Its body is an HTML form (application/x-www-form-urlencoded, up to 4 kB) rather than JSON: the inspector's login. */
  readonly form?: true;
  handle(input: RouteInput<Params, Query, Body>, res: Response, req: Request): void | Promise<void>;
}

/** A declared route as the app mounts it: its OpenAPI operation and the handlers that serve it. */
export interface Route extends OperationSpec {
  readonly form?: true;
  readonly handlers: readonly RequestHandler[];
}

const formReader = express.urlencoded({ extended: false, limit: '4kb', type: 'application/x-www-form-urlencoded' });

export function defineRoute<
  Params extends ParamsSchema = undefined,
  Query extends QuerySchema = undefined,
  Body extends BodySchema = undefined,
>(declaration: RouteDeclaration<Params, Query, Body>): Route {
  const { handle, ...operation } = declaration;
  // A path parameter without a schema would reach the handler unchecked, and the document would not describe it.
  const named = [...operation.path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1]).sort();
  const parsed = Object.keys(operation.params?.shape ?? {}).sort();
  if (named.join() !== parsed.join()) {
    throw new Error(
      `${operation.method.toUpperCase()} ${operation.path}: its path names {${named.join(', ')}} but its params schema parses {${parsed.join(', ')}}`,
    );
  }
  // Parsed in this order, the first part that fails answering 400: the path names what is acted on, so it goes first.
  const serve: RequestHandler = async (req, res) => {
    const input = {
      params: operation.params ? parseRequest(operation.params, req.params, 'path') : undefined,
      query: operation.query ? parseRequest(operation.query, req.query, 'query') : undefined,
      body: operation.body ? parseRequest(operation.body, req.body, 'body') : undefined,
      expectedRevision: operation.ifMatch ? expectedRevisionOf(req) : undefined,
    } as RouteInput<Params, Query, Body>;
    await handle(input, res, req);
  };
  return { ...operation, handlers: operation.form ? [formReader, serve] : [serve] };
}

/** `/clients/{clientId}` (OpenAPI) as express writes it: `/clients/:clientId`. */
const expressPath = (path: string) => path.replace(/\{([^}]+)\}/g, ':$1');

/** A router serving the routes, each behind the guard its declared access names (none for public ones). */
export function routerOf(routes: readonly Route[], guards: Guards): Router {
  const router = Router();
  for (const route of routes) {
    const guard = route.access === 'public' ? [] : [guards[route.access]];
    router[route.method](expressPath(route.path), ...guard, ...route.handlers);
  }
  return router;
}

/** The methods declared on the path a request names: none is "no such route" (404), some is "wrong method" (405). */
export function allowedMethods(routes: readonly OperationSpec[], path: string): string[] {
  return routes
    .filter((route) => new RegExp(`^${route.path.replace(/\{[^}]+\}/g, '[^/]+')}/?$`).test(path))
    .map((route) => route.method.toUpperCase());
}
