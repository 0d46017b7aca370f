// Puts the catalog's concerts on sale; safe at every start because scheduling the same concert again is a no-op.
import type { Logger } from 'winston';
import type { ConcertDefinition } from './concerts/catalog.js';
import type { ConcertHandler } from './eventstore/aggregate-handlers.js';

export async function seedConcerts(
  concerts: ConcertHandler,
  catalog: readonly ConcertDefinition[],
  logger: Logger,
): Promise<void> {
  for (const concert of catalog) {
    const { events } = await concerts.handle(
      concert.concertId,
      { type: 'ScheduleConcert', data: { ...concert, pricing: [...concert.pricing] } },
      { correlationId: concert.concertId, causationId: 'seed' },
    );
    if (events.length > 0) logger.info('concert scheduled', { concertId: concert.concertId });
  }
}
