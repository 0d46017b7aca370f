// The express application: middleware order, the routes, and the seams where colleagues plug in more routes and probes.
import express, { type Router } from 'express';
import type { Logger } from 'winston';
import type { AuthConfig } from '../auth/auth-config.js';
import { operatorCredentials } from '../auth/operator-credentials.js';
import { systemClock } from '../core/clock.js';
import { createGuards, requireOperator } from './authentication.js';
import type { ApiDependencies } from './dependencies.js';
import { errorHandler } from './error-handler.js';
import { jsonBody } from './json-body.js';
import { allowedMethods, openApiDocument, operations, type OperationSpec } from './openapi.js';
import { HttpProblem } from './problem.js';
import { assertDocumented, servedRoutes } from './route-table.js';
import { assignRequestId, enterRequestContext, requestIdOf } from './request-id.js';
import { bookingRoutes } from './routes/bookings.js';
import { concertRoutes } from './routes/concerts.js';
import { healthRoutes, type ReadinessProbe } from './routes/health.js';
import { inspectorLoginPath, inspectorLoginRoutes } from './routes/inspector-login.js';
import { paymentRoutes } from './routes/payments.js';

/**
 * Routes added by other parts (e.g. GET /processes, GET /stats). Each route needs its operation here, which says who
 * may call it: the app refuses to start otherwise (pages under /inspector excepted: that prefix is guarded whole).
 */
export interface RouteModule {
  readonly router: Router;
  readonly operations?: readonly OperationSpec[];
}

export interface AppOptions extends ApiDependencies {
  readonly logger: Logger;
  /** The credentials each kind of caller must show (src/auth). */
  readonly auth: AuthConfig;
  readonly readinessProbes?: readonly ReadinessProbe[];
  readonly routeModules?: readonly RouteModule[];
  /** express/body-parser size syntax; over it a request gets 413. */
  readonly bodyLimit?: string;
}

export function createApp(options: AppOptions): express.Express {
  const { logger } = options;
  const specs = [...operations, ...(options.routeModules ?? []).flatMap((module) => module.operations ?? [])];
  const document = openApiDocument(specs);
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');

  app.use(assignRequestId);
  app.use((req, res, next) => {
    // At a level where the line would be dropped, not even the listener and the clock reading.
    if (!logger.isLevelEnabled('info')) return next();
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info('request', { requestId: requestIdOf(res.locals), method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
    });
    next();
  });
  // Credentials expire in real time, whatever the domain's clock says (tests move that one past a booking's hold; a
  // payment provider's signature or an operator's login does not age with it).
  const credentialClock = systemClock;
  // Before the JSON body reader: the login form is the one body that is not JSON.
  app.use(inspectorLoginRoutes(operatorCredentials(options.auth.operatorToken), credentialClock));
  app.use(jsonBody(options.bodyLimit ?? '16kb'));
  app.use(enterRequestContext);

  // Each operation's guard, from the access its OpenAPI entry declares: what the document says is what is enforced.
  const guards = createGuards(options.auth, credentialClock);
  const guardHandlers = new Set<unknown>(Object.values(guards));
  for (const spec of specs) {
    if (spec.access !== 'public') app[spec.method](spec.path.replace(/\{([^}]+)\}/g, ':$1'), guards[spec.access]);
  }
  // Every inspector page, whatever router serves it: browsers without a login go to the form, other callers get 401.
  app.use('/inspector', requireOperator(operatorCredentials(options.auth.operatorToken), credentialClock, { loginPath: inspectorLoginPath }));

  app.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  app.use(healthRoutes(options.readinessProbes ?? [], logger));
  app.use(concertRoutes(options));
  app.use(bookingRoutes(options));
  app.use(paymentRoutes(options));
  for (const module of options.routeModules ?? []) app.use(module.router);

  // Every route answered is documented, with its access, and every documented one answered: checked here, once.
  assertDocumented(servedRoutes(app, guardHandlers), specs, ['/inspector']);

  app.use((req) => {
    const allowed = allowedMethods(specs, req.path);
    if (allowed.length > 0) {
      throw new HttpProblem(405, 'MethodNotAllowed', 'Method not allowed', `${req.method} is not allowed on ${req.path}`, [], { Allow: allowed.join(', ') });
    }
    throw new HttpProblem(404, 'RouteNotFound', 'Not found', `No route for ${req.method} ${req.path}`);
  });
  app.use(errorHandler(logger));
  return app;
}
