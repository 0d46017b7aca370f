// Domain events as the projections read them, written the short way for the projection tests.
import type { GivenEvent } from '../support/projection-harness.js';

const at = '2026-11-27T12:00:00.000Z';
const seat = (number: number) => ({ row: 1, number });
const seats = (count: number) => Array.from({ length: count }, (_, index) => seat(index + 1));
const tickets = (count: number, price: number) => seats(count).map((s) => ({ seat: s, price }));

export const bookingPlaced = (bookingId: string, clientId: string, concertId: string, seatCount = 2): GivenEvent => ({
  stream: `booking-${bookingId}`,
  type: 'BookingPlaced',
  data: { bookingId, clientId, concertId, seats: seats(seatCount), placedAt: at },
});

export const bookingConfirmed = (bookingId: string, seatCount: number, price: number): GivenEvent => ({
  stream: `booking-${bookingId}`,
  type: 'BookingConfirmed',
  data: {
    bookingId,
    tickets: tickets(seatCount, price),
    totalPrice: seatCount * price,
    expiresAt: at,
    confirmedAt: at,
  },
});

const bookingEvent = (type: string, bookingId: string, data: Record<string, unknown>): GivenEvent => ({
  stream: `booking-${bookingId}`,
  type,
  data: { bookingId, ...data },
});

export const bookingDenied = (bookingId: string) =>
  bookingEvent('BookingDenied', bookingId, { reason: 'SeatsAlreadyBooked', deniedAt: at });
export const bookingCancelled = (bookingId: string) =>
  bookingEvent('BookingCancelled', bookingId, { reason: 'changed my mind', cancelledAt: at });
export const bookingExpired = (bookingId: string) => bookingEvent('BookingExpired', bookingId, { expiredAt: at });
export const bookingPaid = (bookingId: string, paymentId: string, amount: number) =>
  bookingEvent('BookingPaid', bookingId, { paymentId, amount, paidAt: at });
export const bookingSettled = (bookingId: string) => bookingEvent('BookingSettled', bookingId, { settledAt: at });

export const paymentSucceeded = (paymentId: string, bookingId: string, amount: number): GivenEvent => ({
  stream: `payment-${paymentId}`,
  type: 'PaymentSucceeded',
  data: { paymentId, bookingId, amount, receivedAt: at },
});

export const paymentRefunded = (paymentId: string, bookingId: string, amount: number): GivenEvent => ({
  stream: `payment-${paymentId}`,
  type: 'PaymentRefunded',
  data: { paymentId, bookingId, amount, reason: 'BookingIsNotPayable', refundedAt: at },
});

export const concertScheduled = (concertId: string, name: string): GivenEvent => ({
  stream: `concert-${concertId}`,
  type: 'ConcertScheduled',
  data: { concertId, name, seatsPerRow: 50, pricing: [{ fromRow: 1, toRow: 30, price: 30000 }] },
});

export const seatsReserved = (concertId: string, bookingId: string, seatCount: number, price: number): GivenEvent => ({
  stream: `concert-${concertId}`,
  type: 'SeatsReserved',
  data: {
    concertId,
    bookingId,
    seats: seats(seatCount),
    tickets: tickets(seatCount, price),
    expiresAt: at,
    reservedAt: at,
  },
});

export const seatsReleased = (concertId: string, bookingId: string, seatCount: number): GivenEvent => ({
  stream: `concert-${concertId}`,
  type: 'SeatsReleased',
  data: { concertId, bookingId, seats: seats(seatCount), releasedAt: at },
});
