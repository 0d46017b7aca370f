// The two concerts on sale from the first start, as in the original's stub data.
import type { PriceBand } from './events.js';

export interface ConcertDefinition {
  readonly concertId: string;
  readonly name: string;
  readonly seatsPerRow: number;
  readonly pricing: PriceBand[];
}

const standardPricing: PriceBand[] = [
  { fromRow: 1, toRow: 10, price: 50000 },
  { fromRow: 11, toRow: 30, price: 30000 },
];

export const initialConcerts: readonly ConcertDefinition[] = [
  { concertId: 'rock-night', name: 'Rock Night', seatsPerRow: 50, pricing: standardPricing },
  { concertId: 'jazz-evening', name: 'Jazz Evening', seatsPerRow: 50, pricing: standardPricing },
];
