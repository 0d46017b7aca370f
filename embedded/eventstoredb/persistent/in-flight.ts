// Messages handed to consumers and not yet acked, nacked or timed out: who holds each one, and until when.
import type { Consumer } from './consumer.js';
import type { Message } from './message.js';

interface Held {
  readonly message: Message;
  readonly consumer: Consumer;
  readonly deadline: number;
}

export class InFlightMessages {
  /**
   * By message id, in the order they were handed out. A group has one message timeout, so that is
   * also deadline order, and a timer tick looks only at the messages that expired (plus one).
   */
  private readonly held = new Map<string, Held>();

  get size(): number {
    return this.held.size;
  }

  has(id: string): boolean {
    return this.held.has(id);
  }

  add(message: Message, consumer: Consumer, deadline: number): void {
    this.held.set(message.id, { message, consumer, deadline });
    consumer.held += 1;
  }

  /** The message with this id, no longer in flight; undefined when it was not (acked twice, timed out before). */
  release(id: string): Message | undefined {
    const entry = this.held.get(id);
    if (!entry) return undefined;
    this.held.delete(id);
    entry.consumer.held -= 1;
    return entry.message;
  }

  /** Everything a consumer held, in the order it got them (it went away). */
  releaseAll(consumer: Consumer): Message[] {
    const messages: Message[] = [];
    for (const [id, entry] of this.held) {
      if (entry.consumer !== consumer) continue;
      this.held.delete(id);
      messages.push(entry.message);
    }
    consumer.held = 0;
    return messages;
  }

  /** The messages whose deadline is before `now`, oldest first. */
  releaseExpired(now: number): Message[] {
    const expired: Message[] = [];
    for (const [id, entry] of this.held) {
      if (entry.deadline > now) break;
      this.held.delete(id);
      entry.consumer.held -= 1;
      expired.push(entry.message);
    }
    return expired;
  }

  clear(): void {
    for (const entry of this.held.values()) entry.consumer.held = 0;
    this.held.clear();
  }
}
