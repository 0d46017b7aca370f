// A client's bookings: place, list, read one, cancel. Parse, command, handle, answer; the rules live in src/bookings.
import { randomUUID } from 'node:crypto';
import { Router, type Response } from 'express';
import { BookingRejection } from '../../bookings/rejection.js';
import { ConcertRejection } from '../../concerts/rejection.js';
import type { ApiDependencies } from '../dependencies.js';
import { expectedRevisionOf, setEtag } from '../preconditions.js';
import { requestIdOf } from '../request-id.js';
import { bookingListQuerySchema, bookingPathSchema, cancelBookingBodySchema, clientPathSchema, placeBookingBodySchema } from '../schemas.js';
import { parseRequest } from '../validation.js';

/** A booking's whole process shares its id as correlation id; the request that caused a step is its causation. */
const causedBy = (res: Response, bookingId: string) => ({ correlationId: bookingId, causationId: requestIdOf(res.locals) ?? randomUUID() });

export function bookingRoutes({ bookings, clock, bookingReads, concertIds }: ApiDependencies): Router {
  const router = Router();

  router.post('/clients/:clientId/bookings', async (req, res) => {
    const { clientId } = parseRequest(clientPathSchema, req.params, 'path');
    const { concertId, seats, bookingId = randomUUID() } = parseRequest(placeBookingBodySchema, req.body, 'body');
    // The concerts on sale are the catalog's (seeded at start): no stream read needed to know one exists.
    if (!concertIds.includes(concertId)) throw new ConcertRejection('ConcertNotFound', `Concert ${concertId} does not exist`);
    const { state, revision } = await bookings.handle(
      bookingId,
      { type: 'PlaceBooking', data: { bookingId, clientId, concertId, seats, now: clock.now() } },
      causedBy(res, bookingId),
    );
    setEtag(res, revision);
    res
      .status(201)
      .location(`/clients/${clientId}/bookings/${bookingId}`)
      .json({ bookingId, status: state.status, version: Number(revision) });
  });

  router.get('/clients/:clientId/bookings', async (req, res) => {
    const { clientId } = parseRequest(clientPathSchema, req.params, 'path');
    const query = parseRequest(bookingListQuerySchema, req.query, 'query');
    res.json(await bookingReads.list(clientId, query));
  });

  router.get('/clients/:clientId/bookings/:bookingId', async (req, res) => {
    const { clientId, bookingId } = parseRequest(bookingPathSchema, req.params, 'path');
    const booking = await bookingReads.get(clientId, bookingId);
    if (!booking) throw new BookingRejection('BookingNotFound', `Booking ${bookingId} does not exist`);
    setEtag(res, booking.version);
    res.json(booking);
  });

  router.post('/clients/:clientId/bookings/:bookingId/cancel', async (req, res) => {
    const { clientId, bookingId } = parseRequest(bookingPathSchema, req.params, 'path');
    const { reason } = parseRequest(cancelBookingBodySchema, req.body, 'body');
    const expectedRevision = expectedRevisionOf(req);
    // The owner never changes, so checking it before the command cannot race with another writer.
    const current = await bookings.load(bookingId, { cachedIsEnough: true });
    if (current.state.status === 'Missing' || current.state.placed.clientId !== clientId) {
      throw new BookingRejection('BookingNotFound', `Booking ${bookingId} does not exist`);
    }
    const cancel = { type: 'CancelBooking' as const, data: { reason, now: clock.now() } };
    const { state, revision } = await bookings.handle(bookingId, cancel, causedBy(res, bookingId), { expectedRevision });
    setEtag(res, revision);
    res.json({ bookingId, status: state.status, version: Number(revision) });
  });

  return router;
}
