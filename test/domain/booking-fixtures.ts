// Events and commands of one booking, shared by the booking rule tests.
import type { BookingCommand } from '../../src/bookings/commands.js';
import type { BookingEvent } from '../../src/bookings/events.js';

export const now = new Date('2026-03-01T12:00:00.000Z');
export const earlier = '2026-03-01T11:00:00.000Z';
export const seats = [
  { row: 1, number: 1 },
  { row: 1, number: 2 },
];
export const tickets = seats.map((seat) => ({ seat, price: 50000 }));

export const placed: BookingEvent = {
  type: 'BookingPlaced',
  data: { bookingId: 'b1', clientId: 'alice', concertId: 'rock-night', seats, placedAt: earlier },
};
export const confirmedUntil = (expiresAt: string | null): BookingEvent => ({
  type: 'BookingConfirmed',
  data: { bookingId: 'b1', tickets, totalPrice: 100000, expiresAt, confirmedAt: earlier },
});
export const confirmed = confirmedUntil('2026-03-01T12:15:00.000Z');
export const denied: BookingEvent = {
  type: 'BookingDenied',
  data: { bookingId: 'b1', reason: 'SeatsAlreadyBooked', deniedAt: earlier },
};
export const cancelled: BookingEvent = {
  type: 'BookingCancelled',
  data: { bookingId: 'b1', reason: 'changed my mind', cancelledAt: earlier },
};
export const expired: BookingEvent = { type: 'BookingExpired', data: { bookingId: 'b1', expiredAt: earlier } };
export const paid: BookingEvent = {
  type: 'BookingPaid',
  data: { bookingId: 'b1', paymentId: 'p1', amount: 100000, paidAt: earlier },
};
export const settled: BookingEvent = { type: 'BookingSettled', data: { bookingId: 'b1', settledAt: earlier } };

export const place = (
  overrides: Partial<Extract<BookingCommand, { type: 'PlaceBooking' }>['data']> = {},
): BookingCommand => ({
  type: 'PlaceBooking',
  data: { bookingId: 'b1', clientId: 'alice', concertId: 'rock-night', seats, now, ...overrides },
});
export const confirm = (expiresAt: Date | null = new Date('2026-03-01T12:15:00.000Z')): BookingCommand => ({
  type: 'ConfirmBooking',
  data: { tickets, expiresAt, now },
});
export const deny: BookingCommand = { type: 'DenyBooking', data: { reason: 'SeatsAlreadyBooked', now } };
export const cancel: BookingCommand = { type: 'CancelBooking', data: { reason: 'changed my mind', now } };
export const receivePayment = (paymentId = 'p1', amount = 100000): BookingCommand => ({
  type: 'ReceivePayment',
  data: { paymentId, amount, now },
});
export const expireAt = (at: Date): BookingCommand => ({ type: 'ExpireBooking', data: { now: at } });
