// Messages to hand out again before any new one: retried and timed-out messages, and parked ones being replayed.
import type { InFlightMessages } from './in-flight.js';
import type { Message } from './message.js';
import type { ParkedReplay } from './parked-replay.js';

export class RetryQueue {
  private queue: Message[] = [];
  /** Index of the next message: taking one moves it instead of shifting the array. */
  private head = 0;
  private replay: ParkedReplay | undefined;

  constructor(private readonly readBatchSize: number) {}

  get length(): number {
    return this.queue.length - this.head;
  }

  get replaying(): boolean {
    return this.replay !== undefined && !this.replay.finished;
  }

  push(message: Message): void {
    this.queue.push(message);
  }

  replayParked(replay: ParkedReplay): void {
    this.replay = replay;
  }

  /**
   * The next message to hand out again, reading the next window of parked messages when the queue is
   * empty; those still in flight are left out (after a restart a parked message can also come again
   * from the source, and one copy in flight is enough).
   */
  peek(inFlight: InFlightMessages): Message | undefined {
    if (this.length === 0 && this.replaying) {
      this.queue = this.replay?.take(this.readBatchSize).filter((message) => !inFlight.has(message.id)) ?? [];
      this.head = 0;
    }
    return this.queue[this.head];
  }

  shift(): void {
    this.head += 1;
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    } else if (this.head >= 1_024 && this.head * 2 >= this.queue.length) {
      // Retries keep arriving while others are taken: drop the taken ones now and then.
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
  }

  clear(): void {
    this.queue = [];
    this.head = 0;
  }
}
