// The express application: middleware order, the declared routes, and the seams where colleagues plug in more routes and probes.
import express, { type RequestHandler } from 'express';
import type { Logger } from 'winston';
import type { AuthConfig } from '../auth/auth-config.js';
import { operatorCredentials } from '../auth/operator-credentials.js';
import { systemClock } from '../core/clock.js';
import { createGuards, requireOperator } from './authentication.js';
import type { ApiDependencies } from './dependencies.js';
import { errorHandler } from './error-handler.js';
import { jsonBody } from './json-body.js';
import { openApiDocument, openApiRoute } from './openapi.js';
import { HttpProblem } from './problem.js';
import { assignRequestId, enterRequestContext, requestIdOf } from './request-id.js';
import { allowedMethods, routerOf, type Route } from './route.js';
import { bookingRoutes } from './routes/bookings.js';
import { concertRoutes } from './routes/concerts.js';
import { healthRoutes, type ReadinessProbe } from './routes/health.js';
import { inspectorLoginPath, inspectorLoginRoutes } from './routes/inspector-login.js';
import type { InstanceIdentity } from '../roles.js';
import { paymentRoutes } from './routes/payments.js';

/** Routes added by other parts of the service (GET /processes, GET /stats, the inspector's pages). */
export interface RouteModule {
  /** API routes, each declared once (src/http/route.ts): served, guarded and documented from that declaration. */
  readonly routes?: readonly Route[];
  /** HTML pages: reached only for paths under /inspector, which is guarded as a whole and left out of the API document. */
  readonly pages?: RequestHandler;
}

export interface AppOptions extends ApiDependencies {
  readonly logger: Logger;
  /** The credentials each kind of caller must show (src/auth). */
  readonly auth: AuthConfig;
  readonly readinessProbes?: readonly ReadinessProbe[];
  readonly routeModules?: readonly RouteModule[];
  /** Named in GET /ready; without the `api` role only /openapi.json, /health, /ready and the route modules are served. */
  readonly identity?: InstanceIdentity;
  /** express/body-parser size syntax; over it a request gets 413. */
  readonly bodyLimit?: string;
}

// Credentials expire in real time, whatever the domain's clock says (tests move that one past a booking's hold; a
// payment provider's signature or an operator's login does not age with it).
const credentialClock = systemClock;

/** Every route the app serves, each declared once: its router, guard, /openapi.json entry and the 404/405 rules come from this list. */
export function appRoutes(options: AppOptions): Route[] {
  // An instance without the `api` role (SERVICE_ROLES) serves the operators' routes, not the clients'.
  const api = options.identity?.roles.includes('api') ?? true;
  const routes: Route[] = [
    ...inspectorLoginRoutes(operatorCredentials(options.auth.operatorToken), credentialClock),
    openApiRoute(() => document),
    ...healthRoutes(options.readinessProbes ?? [], options.logger, options.identity),
    ...(api ? [...concertRoutes(options), ...bookingRoutes(options), ...paymentRoutes(options)] : []),
    ...(options.routeModules ?? []).flatMap((module) => module.routes ?? []),
  ];
  // Made now rather than on the first request: a route declared twice stops the start.
  const document = openApiDocument(routes);
  return routes;
}

/** Pages are reached only under the prefix (guarded whole): a page router cannot serve an undocumented API route. */
const onlyUnder =
  (prefix: string, pages: RequestHandler): RequestHandler =>
  (req, res, next) =>
    req.path === prefix || req.path.startsWith(`${prefix}/`) ? pages(req, res, next) : next();

export function createApp(options: AppOptions): express.Express {
  const { logger } = options;
  const routes = appRoutes(options);
  // Each route's guard comes from the access it declares: what the document says is what is enforced.
  const guards = createGuards(options.auth, credentialClock);
  const app = express();
  app.disable('x-powered-by');
  // ETags are stream revisions, set by the routes of bookings and payments; express's own (a hash of any body, a
  // problem document's too) would be mistaken for one, and would answer 304 where the OpenAPI document lists none.
  app.set('etag', false);
  app.set('query parser', 'simple');

  app.use(assignRequestId);
  app.use((req, res, next) => {
    // At a level where the line would be dropped, not even the listener and the clock reading.
    if (!logger.isLevelEnabled('info')) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info('request', {
        requestId: requestIdOf(res.locals),
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      });
    });
    next();
  });
  // Before the JSON body reader: the login form's bodies are not JSON.
  app.use(
    routerOf(
      routes.filter((route) => route.form),
      guards,
    ),
  );
  app.use(jsonBody(options.bodyLimit ?? '16kb'));
  app.use(enterRequestContext);

  app.use(
    routerOf(
      routes.filter((route) => !route.form),
      guards,
    ),
  );
  // Every inspector page, whatever router serves it: browsers without a login go to the form, other callers get 401.
  // The routes above carry their own guards; this one is for the pages, which are not declared routes.
  app.use(
    '/inspector',
    requireOperator(operatorCredentials(options.auth.operatorToken), credentialClock, {
      loginPath: inspectorLoginPath,
    }),
  );
  for (const module of options.routeModules ?? []) if (module.pages) app.use(onlyUnder('/inspector', module.pages));

  app.use((req) => {
    const allowed = allowedMethods(routes, req.path);
    if (allowed.length > 0) {
      throw new HttpProblem(405, 'MethodNotAllowed', `${req.method} is not allowed on ${req.path}`, [], {
        Allow: allowed.join(', '),
      });
    }
    throw new HttpProblem(404, 'RouteNotFound', `No route for ${req.method} ${req.path}`);
  });
  app.use(errorHandler(logger));
  return app;
}
