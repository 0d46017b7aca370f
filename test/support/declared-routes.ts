// The routes the service declares, built over stand-ins that no spec calls: for specs that walk every route instead of
// keeping a list of paths by hand.
import { systemClock } from '../../src/core/clock.js';
import { aggregateHandlers } from '../../src/eventstore/aggregate-handlers.js';
import type { CommandHandler } from '../../src/eventstore/command-handler.js';
import { appRoutes, type AppOptions, type RouteModule } from '../../src/http/app.js';
import type { Route } from '../../src/http/route.js';
import { processesRoutes } from '../../src/processes/processes-route.js';
import { statsRoutes } from '../../src/projections/stats-routes.js';
import { capturedLogger } from './captured-logger.js';
import { testAuth } from './credentials.js';

const unused = async (): Promise<never> => {
  throw new Error('not used by this spec');
};

/** The modules the composition root adds (src/service.ts) besides the inspector's pages, which are not declared routes. */
export const serviceModules: readonly RouteModule[] = [
  processesRoutes(unused),
  statsRoutes({ overview: unused, concertSales: unused }),
];

/** What createApp needs, with stores that are never reached; `routeModules` default to the service's. */
export const standInOptions = (routeModules: readonly RouteModule[] = serviceModules): AppOptions => ({
  auth: testAuth,
  ...aggregateHandlers({ load: unused, handle: unused } as unknown as CommandHandler),
  clock: systemClock,
  logger: capturedLogger().logger,
  concertIds: [],
  bookingReads: { list: unused, get: unused },
  routeModules,
});

export const declaredRoutes = (): readonly Route[] => appRoutes(standInOptions());

/** Whether a request path (query left off) is one the declared path, `/clients/{clientId}` style, stands for. */
export const pathMatches = (declared: string, path: string): boolean =>
  new RegExp(`^${declared.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path.split('?')[0]!);

/** A request path for a declared one: each `{parameter}` given a plain value. */
export const concrete = (path: string): string => path.replace(/\{[^}]+\}/g, 'some-id');
