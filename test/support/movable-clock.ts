// A clock a test can move forward: the service's "now" and the invariant checker's, shared, so both agree on what is due.
import type { Clock } from '../../src/core/clock.js';

/**
 * Runs with real time (timers and the embedded servers keep working) plus an offset the test moves: advancing it by
 * the reservation hold makes every confirmed booking due at once, without a test that waits a quarter of an hour.
 */
export class MovableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves "now" forward; time never goes back, as on a real clock the expirer could trust. */
  advance(ms: number): void {
    if (ms < 0) throw new Error('a movable clock only moves forward');
    this.offsetMs += ms;
  }
}
