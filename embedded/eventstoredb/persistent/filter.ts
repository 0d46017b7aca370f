// The `$all` filter of a subscription group: event type or stream name, by prefixes or a regular expression.
import type { RecordedEvent } from '../store/types.js';

export interface AllFilter {
  readonly on: 'eventType' | 'streamName';
  readonly prefixes: readonly string[];
  /** Source text of the regular expression, '' when the filter uses prefixes. */
  readonly regex: string;
}

export type EventMatcher = (event: RecordedEvent) => boolean;

export function matcherFor(filter: AllFilter | undefined): EventMatcher {
  if (!filter) return () => true;
  const subject = filter.on === 'eventType' ? (e: RecordedEvent) => e.type : (e: RecordedEvent) => e.streamId;
  if (filter.regex !== '') {
    const pattern = new RegExp(filter.regex);
    return (event) => pattern.test(subject(event));
  }
  const prefixes = filter.prefixes;
  return (event) => {
    const value = subject(event);
    return prefixes.some((prefix) => value.startsWith(prefix));
  };
}

/** Refusal reason for a filter that cannot be compiled, undefined when it is usable. */
export function filterProblem(filter: AllFilter | undefined): string | undefined {
  if (!filter || filter.regex === '') return undefined;
  try {
    new RegExp(filter.regex);
    return undefined;
  } catch {
    return `Invalid filter regex ${filter.regex}.`;
  }
}
