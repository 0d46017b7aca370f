// What goes into a projection (one event of the log) and what comes out of it (events to emit, links to write).

/** One event as a projection sees it; text fields so that the engine stays independent of the store. */
export interface ProjectionInput {
  readonly streamId: string;
  readonly sequenceNumber: number;
  readonly eventType: string;
  readonly eventId: string;
  readonly isJson: boolean;
  /** The event's data as UTF-8 text (JSON when `isJson`). */
  readonly data: string;
  /** The event's metadata as UTF-8 text, '' when there is none. */
  readonly metadata: string;
}

/** `emit(...)` or `copyTo(...)`: a new event for `streamId`. */
export interface EmittedEvent {
  readonly kind: 'emit';
  readonly streamId: string;
  readonly eventType: string;
  readonly data: string;
  /** JSON text or null when the handler gave none. */
  readonly metadata: string | null;
  readonly isJson: boolean;
}

/** `linkTo(...)`: a `$>` event in `streamId` pointing at `target` (`<sequenceNumber>@<streamId>`). */
export interface EmittedLink {
  readonly kind: 'link';
  readonly streamId: string;
  readonly target: string;
  readonly metadata: string | null;
}

export type ProjectionOutput = EmittedEvent | EmittedLink;

/** The category of a stream as EventStoreDB computes it: the text before the first '-'. */
export function categoryOf(streamId: string): string | null {
  const dash = streamId.indexOf('-');
  return dash > 0 ? streamId.slice(0, dash) : null;
}
