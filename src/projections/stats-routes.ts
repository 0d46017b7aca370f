// GET /stats: the booking overview, answered by the booking-overview projection in the event store.
import type { RouteModule } from '../http/app.js';
import { defineRoute } from '../http/route.js';
import { bookingOverviewSchema, type ProjectionReads } from './projection-reads.js';

export function statsRoutes(reads: ProjectionReads): RouteModule {
  const overview = defineRoute({
    method: 'get',
    path: '/stats',
    access: 'operator',
    summary: 'Bookings per status, settled revenue and refunds (the booking-overview projection)',
    responses: { 200: { description: 'The overview', schema: bookingOverviewSchema } },
    async handle(_input, res) {
      res.json(await reads.overview());
    },
  });
  return { routes: [overview] };
}
