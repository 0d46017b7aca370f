// The shape every aggregate shares: pure decide/evolve plus the schema its stored events must fit.
import type { z } from 'zod';

/** An event as the domain sees it: a past-tense type and its JSON data. */
export interface DomainEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
}

/**
 * A decider answers a command from the current state with the events that record the decision
 * (an empty list is a no-op) or throws a rejection; evolve folds one event into the state.
 * The event schema lets the infrastructure validate events read back before they are folded.
 */
export interface Decider<Command, Event extends DomainEvent, State> {
  readonly initialState: State;
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  readonly eventSchema: z.ZodType<Event>;
}

/** Folds a list of events from the initial state: what a stream read does, and what tests use. */
export function fold<Event extends DomainEvent, State>(
  decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  events: readonly Event[],
): State {
  return events.reduce((state, event) => decider.evolve(state, event), decider.initialState);
}
