// The ticketing aggregate as one value that the command handler can run.
import type { Decider } from '../core/decider.js';
import type { ConcertCommand } from './commands.js';
import { decideConcert } from './decide.js';
import { concertEventSchema, type ConcertEvent } from './events.js';
import { evolveConcert, initialConcertState, type ConcertState } from './state.js';

export const concertDecider: Decider<ConcertCommand, ConcertEvent, ConcertState> = {
  initialState: initialConcertState,
  decide: decideConcert,
  evolve: evolveConcert,
  eventSchema: concertEventSchema,
};
