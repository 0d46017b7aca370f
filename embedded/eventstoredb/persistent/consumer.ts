// A consumer connected to a group: its buffer of in-flight messages and the connection that receives them.
import type { PersistentSubscriptionError } from './errors.js';
import type { Message } from './message.js';
import type { Slot } from './strategy.js';

/** What the gRPC Read call gives the group: a way to push a message and a way to end the call. */
export interface ConsumerConnection {
  readonly from: string;
  readonly connectionName: string;
  deliver(message: Message): void;
  drop(error: PersistentSubscriptionError): void;
}

export class Consumer implements Slot {
  /** Messages this consumer holds and has not acked yet (kept by the group's InFlightMessages). */
  held = 0;
  totalItems = 0;
  countSinceLastMeasurement = 0;

  constructor(
    readonly id: number,
    readonly bufferSize: number,
    readonly connection: ConsumerConnection,
  ) {}

  hasRoom(): boolean {
    return this.held < this.bufferSize;
  }
}
