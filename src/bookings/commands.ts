// What can be asked of a booking. Every command carries `now`: the rules never read a clock.
import type { Seat, Ticket } from '../core/seat.js';

export type BookingCommand =
  | {
      type: 'PlaceBooking';
      data: { bookingId: string; clientId: string; concertId: string; seats: Seat[]; now: Date };
    }
  | { type: 'ConfirmBooking'; data: { tickets: Ticket[]; expiresAt: Date | null; now: Date } }
  | { type: 'DenyBooking'; data: { reason: string; now: Date } }
  | { type: 'CancelBooking'; data: { reason: string; now: Date } }
  | { type: 'ReceivePayment'; data: { paymentId: string; amount: number; now: Date } }
  | { type: 'ExpireBooking'; data: { now: Date } };

export type BookingCommandType = BookingCommand['type'];
