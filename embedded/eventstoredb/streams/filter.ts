// Server-side filters of `$all` reads and subscriptions: by stream name or event type, prefixes or a regex.
import { streamsPb } from '../grpc/protocol.js';
import { invalidArgument } from '../grpc/errors.js';
import type { RecordedEvent } from '../store/types.js';

export interface EventFilter {
  readonly on: 'stream' | 'event_type';
  readonly matches: (value: string) => boolean;
  /** Events considered between two checkpoint messages of a subscription. */
  readonly checkpointEvery: number;
}

/** The search window the server uses when the client asks for `count` instead of a maximum. */
const DEFAULT_SEARCH_WINDOW = 32;

type FilterOptions = InstanceType<typeof streamsPb.ReadReq.Options.FilterOptions>;
type Expression = InstanceType<typeof streamsPb.ReadReq.Options.FilterOptions.Expression>;

function matcher(expression: Expression): (value: string) => boolean {
  const regex = expression.getRegex();
  const prefixes = expression.getPrefixList();
  if (regex) {
    let compiled: RegExp;
    try {
      compiled = new RegExp(regex);
    } catch {
      throw invalidArgument(`Invalid filter regex: ${regex}`);
    }
    return (value) => compiled.test(value);
  }
  if (prefixes.length > 0) return (value) => prefixes.some((prefix) => value.startsWith(prefix));
  return () => true;
}

export function parseFilter(options: FilterOptions): EventFilter {
  const byStream = options.getStreamIdentifier();
  const byType = options.getEventType();
  const expression = byStream ?? byType;
  if (!expression) throw invalidArgument('A filter needs a stream identifier or an event type expression.');
  const window = options.hasMax() ? options.getMax() : DEFAULT_SEARCH_WINDOW;
  const multiplier = Math.max(1, options.getCheckpointintervalmultiplier());
  return {
    on: byStream ? 'stream' : 'event_type',
    matches: matcher(expression),
    checkpointEvery: Math.max(1, window) * multiplier,
  };
}

export function passes(filter: EventFilter | undefined, event: RecordedEvent): boolean {
  if (!filter) return true;
  return filter.matches(filter.on === 'stream' ? event.streamId : event.type);
}
