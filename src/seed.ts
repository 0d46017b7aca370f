// Puts the catalog's concerts on sale; safe at every start because scheduling the same concert again is a no-op.
import type { Logger } from 'winston';
import { concertDecider } from './concerts/decider.js';
import type { ConcertDefinition } from './concerts/catalog.js';
import { concertStream } from './concerts/stream.js';
import type { CommandHandler } from './eventstore/command-handler.js';

export async function seedConcerts(handler: CommandHandler, concerts: readonly ConcertDefinition[], logger: Logger): Promise<void> {
  for (const concert of concerts) {
    const { events } = await handler.handle(
      concertStream(concert.concertId),
      concertDecider,
      { type: 'ScheduleConcert', data: { ...concert, pricing: [...concert.pricing] } },
      { correlationId: concert.concertId, causationId: 'seed' },
    );
    if (events.length > 0) logger.info('concert scheduled', { concertId: concert.concertId });
  }
}
