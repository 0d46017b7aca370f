// A client's bookings: place, list, read one, cancel. Parse, command, handle, answer; the rules live in src/bookings.
import { randomUUID } from 'node:crypto';
import type { Response } from 'express';
import { BookingRejection } from '../../bookings/rejection.js';
import { ConcertRejection } from '../../concerts/rejection.js';
import type { ApiDependencies } from '../dependencies.js';
import { invalid, problem } from '../openapi.js';
import { setEtag } from '../preconditions.js';
import { requestIdOf } from '../request-id.js';
import { defineRoute, type Route } from '../route.js';
import * as s from '../schemas.js';

/** A booking's whole process shares its id as correlation id; the request that caused a step is its causation. */
const causedBy = (res: Response, bookingId: string) => ({
  correlationId: bookingId,
  causationId: requestIdOf(res.locals) ?? randomUUID(),
});

export function bookingRoutes({ bookings, clock, bookingReads, concertIds }: ApiDependencies): Route[] {
  const place = defineRoute({
    method: 'post',
    path: '/clients/{clientId}/bookings',
    access: 'client',
    summary: 'Place a booking (idempotent by bookingId)',
    params: s.clientPathSchema,
    body: s.placeBookingBodySchema,
    etag: true,
    responses: {
      201: { description: 'Placed (or placed before with the same data)', schema: s.bookingAnswerSchema },
      400: invalid,
      404: problem('ConcertNotFound'),
      409: problem('BookingAlreadyExists'),
    },
    async handle({ params: { clientId }, body: { concertId, seats, bookingId = randomUUID() } }, res) {
      // The concerts on sale are the catalog's (seeded at start): no stream read needed to know one exists.
      if (!concertIds.includes(concertId))
        throw new ConcertRejection('ConcertNotFound', `Concert ${concertId} does not exist`);
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
    },
  });

  const list = defineRoute({
    method: 'get',
    path: '/clients/{clientId}/bookings',
    access: 'client',
    summary: "A client's bookings, newest first",
    params: s.clientPathSchema,
    query: s.bookingListQuerySchema,
    responses: { 200: { description: 'A page of bookings', schema: s.bookingPageSchema }, 400: invalid },
    async handle({ params: { clientId }, query }, res) {
      res.json(await bookingReads.list(clientId, query));
    },
  });

  const readOne = defineRoute({
    method: 'get',
    path: '/clients/{clientId}/bookings/{bookingId}',
    access: 'client',
    summary: 'One booking as the view shows it',
    params: s.bookingPathSchema,
    etag: true,
    responses: {
      200: { description: 'The booking', schema: s.bookingDocumentSchema },
      404: problem('BookingNotFound (also for another client’s booking)'),
    },
    async handle({ params: { clientId, bookingId } }, res) {
      const booking = await bookingReads.get(clientId, bookingId);
      if (!booking) throw new BookingRejection('BookingNotFound', `Booking ${bookingId} does not exist`);
      setEtag(res, booking.version);
      res.json(booking);
    },
  });

  const cancel = defineRoute({
    method: 'post',
    path: '/clients/{clientId}/bookings/{bookingId}/cancel',
    access: 'client',
    summary: 'Cancel a booking',
    params: s.bookingPathSchema,
    body: s.cancelBookingBodySchema,
    etag: true,
    ifMatch: true,
    responses: {
      200: { description: 'The booking after the cancellation', schema: s.bookingAnswerSchema },
      400: invalid,
      404: problem('BookingNotFound'),
      409: problem('BookingIsAlreadySettled'),
    },
    async handle({ params: { clientId, bookingId }, body: { reason }, expectedRevision }, res) {
      // The owner never changes, so checking it before the command cannot race with another writer.
      const current = await bookings.load(bookingId, { cachedIsEnough: true });
      if (current.state.status === 'Missing' || current.state.placed.clientId !== clientId) {
        throw new BookingRejection('BookingNotFound', `Booking ${bookingId} does not exist`);
      }
      const command = { type: 'CancelBooking' as const, data: { reason, now: clock.now() } };
      const { state, revision } = await bookings.handle(bookingId, command, causedBy(res, bookingId), {
        expectedRevision,
      });
      setEtag(res, revision);
      res.json({ bookingId, status: state.status, version: Number(revision) });
    },
  });

  return [place, list, readOne, cancel];
}
