// What can be asked of a concert's ticketing: put it on sale, hold seats for a booking, give them back.
import type { Seat } from '../core/seat.js';
import type { PriceBand } from './events.js';

export type ConcertCommand =
  | { type: 'ScheduleConcert'; data: { concertId: string; name: string; seatsPerRow: number; pricing: PriceBand[] } }
  | { type: 'ReserveSeats'; data: { bookingId: string; seats: Seat[]; now: Date; holdSeconds: number } }
  | { type: 'ReleaseSeats'; data: { bookingId: string; now: Date } };
