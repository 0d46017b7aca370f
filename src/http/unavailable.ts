// Failures that are nobody's fault and pass: a store out of reach, the view being rebuilt. 503 with Retry-After.
import { unavailableStore } from '../store-failures.js';
import { ViewIncompleteError } from '../view/view-incomplete.js';
import { HttpProblem } from './problem.js';

/** Seconds a client is asked to wait: about what a store restart or a driver's reconnection takes. */
export const RETRY_AFTER_SECONDS = 5;

const storeNames = { eventstoredb: 'EventStoreDB', mongodb: 'MongoDB' } as const;

export function unavailableProblem(error: unknown): HttpProblem | undefined {
  const headers = { 'Retry-After': String(RETRY_AFTER_SECONDS) };
  if (error instanceof ViewIncompleteError) {
    return new HttpProblem(
      503,
      error.code,
      'The booking view is being rebuilt from the event store (or checked); try again shortly',
      [],
      headers,
    );
  }
  const store = unavailableStore(error);
  if (store) {
    const name = storeNames[store];
    return new HttpProblem(
      503,
      'StoreUnavailable',
      `${name} cannot be reached right now; try again shortly`,
      [],
      headers,
    );
  }
  return undefined;
}
