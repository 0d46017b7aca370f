// The processes' wiring with the command side replaced by a recorder: which commands go out, in what order, with which ids.
import { expect } from 'chai';
import winston from 'winston';
import type { BookingState } from '../../src/bookings/state.js';
import { bookingConfirmation } from '../../src/processes/booking-confirmation.js';
import { bookingPayment } from '../../src/processes/booking-payment.js';
import {
  accepted,
  rejected,
  type CommandOutcome,
  type ReservationOutcome,
} from '../../src/processes/process-outcomes.js';
import { RetryLater, UnprocessableMessage, type ProcessMessage } from '../../src/processes/process-message.js';
import type { ProcessPorts } from '../../src/processes/process-ports.js';
import { ticketRelease } from '../../src/processes/ticket-release.js';

const logger = winston.createLogger({ silent: true });
const at = '2026-01-01T00:00:00.000Z';
const seat = { row: 1, number: 1 };
const placedData = { bookingId: 'b1', clientId: 'c1', concertId: 'rock-night', seats: [seat], placedAt: at };

function message(type: string, data: Record<string, unknown>): ProcessMessage {
  return { eventId: 'event-1', type, data, streamId: 'booking-b1', revision: 0n, correlationId: 'b1', retryCount: 0 };
}

/** Answers as told and records every command with the ids it carried. */
function recorder(answers: {
  status?: BookingState['status'];
  reservation?: ReservationOutcome;
  outcomes?: Record<string, CommandOutcome>;
}) {
  const sent: Array<{ type: string; correlationId: string; causationId: string }> = [];
  const ports: ProcessPorts = {
    clock: { now: () => new Date(at) },
    holdSeconds: 900,
    async bookingState() {
      return (
        answers.status === 'Missing'
          ? { status: 'Missing' }
          : { status: answers.status ?? 'AwaitingConfirmation', placed: placedData }
      ) as BookingState;
    },
    async reserve({ command }, context) {
      sent.push({ type: command.type, ...context });
      return answers.reservation ?? { accepted: true, tickets: [{ seat, price: 50000 }], expiresAt: at };
    },
    async send({ command }, context) {
      sent.push({ type: command.type, ...context });
      return answers.outcomes?.[command.type] ?? accepted;
    },
  };
  return { ports, sent };
}

describe('process wiring', () => {
  it('when a placed booking gets its seats, then it is confirmed, every command carrying its correlation id and the event as cause', async () => {
    const { ports, sent } = recorder({});
    await bookingConfirmation(ports, logger).handle(message('BookingPlaced', placedData));
    expect(sent).to.deep.equal([
      { type: 'ReserveSeats', correlationId: 'b1', causationId: 'event-1' },
      { type: 'ConfirmBooking', correlationId: 'b1', causationId: 'event-1' },
    ]);
  });

  it('when the booking was cancelled between reservation and confirmation, then the reserved seats are released', async () => {
    const { ports, sent } = recorder({ outcomes: { ConfirmBooking: rejected('BookingIsAlreadyCancelled') } });
    await bookingConfirmation(ports, logger).handle(message('BookingPlaced', placedData));
    expect(sent.map((command) => command.type)).to.deep.equal(['ReserveSeats', 'ConfirmBooking', 'ReleaseSeats']);
  });

  it('when the booking already moved on, then nothing is sent at all', async () => {
    const { ports, sent } = recorder({ status: 'Expired' });
    await bookingConfirmation(ports, logger).handle(message('BookingPlaced', placedData));
    expect(sent).to.deep.equal([]);
  });

  it('when a BookingPlaced does not fit its schema, then the message is unprocessable (parked, not retried)', async () => {
    const { ports } = recorder({});
    const failure = await bookingConfirmation(ports, logger)
      .handle(message('BookingPlaced', { bookingId: 'b1' }))
      .catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(UnprocessableMessage);
  });

  const payment = { paymentId: 'p1', bookingId: 'b1', amount: 50000, receivedAt: at };

  it('when a payment cannot settle its booking, then it is refunded', async () => {
    const { ports, sent } = recorder({ outcomes: { ReceivePayment: rejected('BookingIsNotPayable') } });
    await bookingPayment(ports, logger).handle(message('PaymentSucceeded', payment));
    expect(sent.map((command) => command.type)).to.deep.equal(['ReceivePayment', 'RefundPayment']);
  });

  it('when a payment arrives before the confirmation, then the step asks to be retried later', async () => {
    const { ports } = recorder({ outcomes: { ReceivePayment: rejected('BookingIsNotConfirmed') } });
    const failure = await bookingPayment(ports, logger)
      .handle(message('PaymentSucceeded', payment))
      .catch((error: unknown) => error);
    expect(failure).to.be.instanceOf(RetryLater);
  });

  it('when a booking is cancelled, then ticket release frees the seats of its concert; other booking events send nothing', async () => {
    const { ports, sent } = recorder({ status: 'Cancelled' });
    const release = ticketRelease(ports, logger);
    await release.handle(message('BookingConfirmed', { bookingId: 'b1' }));
    await release.handle(message('BookingCancelled', { bookingId: 'b1', reason: 'x', cancelledAt: at }));
    expect(sent).to.deep.equal([{ type: 'ReleaseSeats', correlationId: 'b1', causationId: 'event-1' }]);
  });
});
