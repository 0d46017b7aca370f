// GET /stats: the booking overview, answered by the booking-overview projection in the event store.
import { Router } from 'express';
import type { RouteModule } from '../http/app.js';
import { bookingOverviewSchema, type ProjectionReads } from './projection-reads.js';

export function statsRoutes(reads: ProjectionReads): RouteModule {
  const router = Router();
  router.get('/stats', async (_req, res) => {
    res.json(await reads.overview());
  });
  return {
    router,
    operations: [
      {
        method: 'get',
        path: '/stats',
        access: 'operator',
        summary: 'Bookings per status, settled revenue and refunds (the booking-overview projection)',
        responses: { 200: { description: 'The overview', schema: bookingOverviewSchema } },
      },
    ],
  };
}
