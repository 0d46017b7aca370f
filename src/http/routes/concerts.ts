// GET /concerts and GET /concerts/:concertId: seat maps, prices and what is still free, from the concert streams.
import { Router } from 'express';
import { ConcertRejection } from '../../concerts/rejection.js';
import { rowCount, seatCount } from '../../concerts/seat-map.js';
import type { ConcertState } from '../../concerts/state.js';
import type { ApiDependencies } from '../dependencies.js';
import { concertPathSchema } from '../schemas.js';
import { parseRequest } from '../validation.js';

type Scheduled = Extract<ConcertState, { status: 'Scheduled' }>;

function summaryOf(state: Scheduled) {
  const { concertId, name, seatsPerRow, pricing } = state.concert;
  const total = seatCount(state.concert);
  return { concertId, name, rows: rowCount(state.concert), seatsPerRow, pricing, seatCount: total, freeSeats: total - state.heldBy.size };
}

export function concertRoutes({ concerts, concertIds, concertSales }: ApiDependencies): Router {
  const router = Router();

  const loadScheduled = async (concertId: string): Promise<Scheduled | undefined> => {
    const { state } = await concerts.load(concertId);
    return state.status === 'Scheduled' ? state : undefined;
  };

  router.get('/concerts', async (_req, res) => {
    const states = await Promise.all(concertIds.map(loadScheduled));
    res.json({ items: states.filter((state) => state !== undefined).map(summaryOf) });
  });

  router.get('/concerts/:concertId', async (req, res) => {
    const { concertId } = parseRequest(concertPathSchema, req.params, 'path');
    const state = await loadScheduled(concertId);
    if (!state) throw new ConcertRejection('ConcertNotFound', `Concert ${concertId} does not exist`);
    const heldSeats = [...state.holds.values()].flatMap((reservation) => reservation.seats);
    heldSeats.sort((a, b) => a.row - b.row || a.number - b.number);
    const sales = concertSales ? { sales: await concertSales(concertId) } : {};
    res.json({ ...summaryOf(state), heldSeats, ...sales });
  });

  return router;
}
