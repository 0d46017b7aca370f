// A tiny given/when/then helper: given past events, when a command, then new events or a named rejection.
import { expect } from 'chai';
import { fold, type Decider, type DomainEvent } from '../../src/core/decider.js';
import { DomainRejection } from '../../src/core/rejection.js';

export interface Then<Event> {
  /** The command is accepted and records exactly these events. */
  then(expected: Event[]): void;
  /** The command is accepted and records nothing (a no-op). */
  thenNothingHappens(): void;
  /** The command is refused with this rejection code and a message; returns the rejection for further checks. */
  thenRejectedWith(code: string): DomainRejection;
}

export function specification<Command, Event extends DomainEvent, State>(decider: Decider<Command, Event, State>) {
  return {
    given(events: Event[]) {
      return {
        when(command: Command): Then<Event> {
          const run = () => decider.decide(command, fold(decider, events));
          return {
            then(expected) {
              const produced = run();
              expect(produced).to.deep.equal(expected);
              // Every produced event must also be readable back through the schema.
              for (const event of produced)
                expect(decider.eventSchema.safeParse(event).success, event.type).to.equal(true);
            },
            thenNothingHappens() {
              expect(run()).to.deep.equal([]);
            },
            thenRejectedWith(code) {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught, 'expected a rejection').to.be.instanceOf(DomainRejection);
              const rejection = caught as DomainRejection;
              expect(rejection.code).to.equal(code);
              // The message is the problem document's detail: a client is always told in words what was refused.
              expect(rejection.message, 'the rejection says why').to.not.equal('');
              return rejection;
            },
          };
        },
      };
    },
  };
}
