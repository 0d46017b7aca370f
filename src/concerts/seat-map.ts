// A concert's seat map: which seats exist and what each costs, derived from its pricing bands.
import type { Seat } from '../core/seat.js';
import type { ConcertScheduled } from './events.js';

export function rowCount(concert: ConcertScheduled): number {
  return Math.max(...concert.pricing.map((band) => band.toRow));
}

/** The price of a seat, or undefined when the seat is not on the map. */
export function priceOf(concert: ConcertScheduled, seat: Seat): number | undefined {
  if (seat.number < 1 || seat.number > concert.seatsPerRow) return undefined;
  return concert.pricing.find((band) => seat.row >= band.fromRow && seat.row <= band.toRow)?.price;
}

export function seatCount(concert: ConcertScheduled): number {
  const rows = new Set<number>();
  for (const band of concert.pricing) for (let row = band.fromRow; row <= band.toRow; row++) rows.add(row);
  return rows.size * concert.seatsPerRow;
}
