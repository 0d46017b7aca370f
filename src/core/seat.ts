// A seat and the helpers every aggregate needs to compare seat lists.
import { z } from 'zod';

export const seatSchema = z.strictObject({
  row: z.int().min(1).max(1000),
  number: z.int().min(1).max(1000),
});
export type Seat = z.infer<typeof seatSchema>;

export const ticketSchema = z.strictObject({ seat: seatSchema, price: z.int().min(0) });
export type Ticket = z.infer<typeof ticketSchema>;

/** A stable key for maps and sets: JSON objects compare by reference, keys by value. */
export function seatKey(seat: Seat): string {
  return `${seat.row}:${seat.number}`;
}

export function duplicateSeats(seats: readonly Seat[]): Seat[] {
  const seen = new Set<string>();
  const duplicates: Seat[] = [];
  for (const seat of seats) {
    const key = seatKey(seat);
    if (seen.has(key)) duplicates.push(seat);
    seen.add(key);
  }
  return duplicates;
}

/** The same seats in any order: a retried request may list them differently. */
export function sameSeats(a: readonly Seat[], b: readonly Seat[]): boolean {
  if (a.length !== b.length) return false;
  const keys = new Set(a.map(seatKey));
  return b.every((seat) => keys.has(seatKey(seat)));
}
