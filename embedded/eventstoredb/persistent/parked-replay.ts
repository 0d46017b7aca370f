// Replays parked messages lazily: reads the parked stream in windows and truncates it once they are back in play.
import type { EventLog } from '../store/types.js';
import type { GroupDefinition } from './definition.js';
import type { GroupStreams } from './group-streams.js';
import { messageFrom, type Message } from './message.js';

export class ParkedReplay {
  private next: bigint | 'start' = 'start';
  private lastReplayed: bigint | undefined;
  private done = false;

  /** `stopAt` is exclusive, a revision of the parked stream; undefined replays everything parked now. */
  constructor(
    private readonly log: EventLog,
    private readonly definition: GroupDefinition,
    private readonly streams: GroupStreams,
    private readonly stopAt: bigint,
  ) {}

  get finished(): boolean {
    return this.done;
  }

  /** The next window of parked messages, ready to go back to the retry queue with a fresh retry count. */
  take(max: number): Message[] {
    if (this.done) return [];
    const links = this.streams.readParked(this.next, max).filter((link) => link.revision < this.stopAt);
    const messages: Message[] = [];
    for (const link of links) {
      this.lastReplayed = link.revision;
      this.next = link.revision + 1n;
      // The parked link points at the event as it sat in the source (itself a link for `$ce-` groups).
      const original = this.log.resolve(link, true).event;
      if (!original || original.id === link.id) continue;
      const resolved = this.log.resolve(original, this.definition.settings.resolveLinkTos);
      const key = this.definition.source.kind === 'stream' ? original.revision : original.position;
      messages.push(messageFrom(original, resolved, key));
    }
    if (links.length < max) this.finish();
    return messages;
  }

  private finish(): void {
    this.done = true;
    if (this.lastReplayed !== undefined) this.streams.truncateParked(this.lastReplayed + 1n);
  }
}
