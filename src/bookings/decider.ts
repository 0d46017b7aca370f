// The booking aggregate as one value that the command handler can run.
import type { Decider } from '../core/decider.js';
import type { BookingCommand } from './commands.js';
import { decideBooking } from './decide.js';
import { bookingEventSchema, type BookingEvent } from './events.js';
import { evolveBooking, initialBookingState, type BookingState } from './state.js';

export const bookingDecider: Decider<BookingCommand, BookingEvent, BookingState> = {
  initialState: initialBookingState,
  decide: decideBooking,
  evolve: evolveBooking,
  eventSchema: bookingEventSchema,
};
