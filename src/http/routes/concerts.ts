// GET /concerts and GET /concerts/:concertId: seat maps, prices and what is still free, from the concert streams.
import { ConcertRejection } from '../../concerts/rejection.js';
import { rowCount, seatCount } from '../../concerts/seat-map.js';
import type { ConcertState } from '../../concerts/state.js';
import type { ApiDependencies } from '../dependencies.js';
import { problem } from '../openapi.js';
import { defineRoute, type Route } from '../route.js';
import * as s from '../schemas.js';

type Scheduled = Extract<ConcertState, { status: 'Scheduled' }>;

function summaryOf(state: Scheduled) {
  const { concertId, name, seatsPerRow, pricing } = state.concert;
  const total = seatCount(state.concert);
  return {
    concertId,
    name,
    rows: rowCount(state.concert),
    seatsPerRow,
    pricing,
    seatCount: total,
    freeSeats: total - state.heldBy.size,
  };
}

export function concertRoutes({ concerts, concertIds, concertSales }: ApiDependencies): Route[] {
  const loadScheduled = async (concertId: string): Promise<Scheduled | undefined> => {
    const { state } = await concerts.load(concertId);
    return state.status === 'Scheduled' ? state : undefined;
  };

  const list = defineRoute({
    method: 'get',
    path: '/concerts',
    access: 'public',
    summary: 'The concerts on sale, with seat map, prices and free seats',
    responses: { 200: { description: 'Concerts', schema: s.concertListSchema } },
    async handle(_input, res) {
      const states = await Promise.all(concertIds.map(loadScheduled));
      res.json({ items: states.filter((state) => state !== undefined).map(summaryOf) });
    },
  });

  const readOne = defineRoute({
    method: 'get',
    path: '/concerts/{concertId}',
    access: 'public',
    summary: 'One concert, including the seats held',
    params: s.concertPathSchema,
    responses: { 200: { description: 'The concert', schema: s.concertDetailSchema }, 404: problem('ConcertNotFound') },
    async handle({ params: { concertId } }, res) {
      const state = await loadScheduled(concertId);
      if (!state) throw new ConcertRejection('ConcertNotFound', `Concert ${concertId} does not exist`);
      const heldSeats = [...state.holds.values()].flatMap((reservation) => reservation.seats);
      heldSeats.sort((a, b) => a.row - b.row || a.number - b.number);
      const sales = concertSales ? { sales: await concertSales(concertId) } : {};
      res.json({ ...summaryOf(state), heldSeats, ...sales });
    },
  });

  return [list, readOne];
}
