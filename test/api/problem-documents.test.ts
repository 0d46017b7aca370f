// Problem documents (RFC 9457) as the error middleware writes them: one title per code with the case in `detail`, and a
// rejection's facts under `details`, where no fact can overwrite the document's own members (status, title, …).
import { expect } from 'chai';
import { BookingRejection } from '../../src/bookings/rejection.js';
import type { CommandHandler } from '../../src/eventstore/command-handler.js';
import { problemTitle } from '../../src/http/problem.js';
import { startAppWithHandler, type AppWithHandler } from '../support/app-with-handler.js';
import { capturedLogger } from '../support/captured-logger.js';
import { postJson } from '../support/http.js';

describe('problem documents', () => {
  let app: AppWithHandler;
  let rejection: Error;

  // A handler that refuses every command with whatever rejection the test sets.
  const handler: CommandHandler = {
    async load() {
      return { state: { status: 'Placed', placed: { clientId: 'alice' } }, revision: 0n } as never;
    },
    async handle() {
      throw rejection;
    },
  };

  before(async () => {
    const { logger } = capturedLogger();
    app = await startAppWithHandler(handler, logger);
  });
  after(() => app?.stop());

  const cancel = () => postJson(`${app.url}/clients/alice/bookings/b1/cancel`, { reason: 'plans changed' });

  /** A rejection's facts, each named like one of the problem document's own members. */
  const namedLikeMembers = {
    status: 'Cancelled',
    title: 'not the title',
    type: 'not the type',
    detail: 'not the detail',
    code: 'NotTheCode',
    requestId: 'not-the-id',
    errors: 'none',
  };

  it("when a rejection's facts are named like the document's members, then the members stay the document's and the facts are under details", async () => {
    rejection = new BookingRejection('BookingIsNotPayable', 'A cancelled booking cannot be paid', namedLikeMembers);
    const answer = await cancel();
    expect(answer.status).to.equal(409);
    expect(answer.body).to.include({
      type: 'urn:ticket-booking:problem:BookingIsNotPayable',
      title: 'Booking is not payable',
      status: 409,
      detail: 'A cancelled booking cannot be paid',
      code: 'BookingIsNotPayable',
    });
    expect(answer.body.requestId).to.equal(answer.headers.get('x-request-id'));
    expect(answer.body).to.not.have.property('errors');
    expect(answer.body.details).to.deep.equal(namedLikeMembers);
  });

  it('when the same code is raised in two different cases, then the title is the same and the details say which case', async () => {
    rejection = new BookingRejection('PaymentAmountMismatch', 'The payment of 100 does not match the total of 200', {
      amount: 100,
      total: 200,
    });
    const first = await cancel();
    rejection = new BookingRejection('PaymentAmountMismatch', 'The payment of 5 does not match the total of 7', {
      amount: 5,
      total: 7,
    });
    const second = await cancel();
    expect(first.body.title).to.equal('Payment amount mismatch').and.equal(second.body.title);
    expect(first.body.detail).to.not.equal(second.body.detail);
    expect(second.body.details).to.deep.equal({ amount: 5, total: 7 });
  });

  it('when a rejection has no facts, then there is no details member', async () => {
    rejection = new BookingRejection('BookingIsAlreadySettled', 'The booking is paid and settled');
    const answer = await cancel();
    expect(answer.body.title).to.equal('Booking is already settled');
    expect(answer.body).to.not.have.property('details');
  });

  it('when a code is put in words, then each capital starts a word', () => {
    expect(problemTitle('BookingIsNotPayable')).to.equal('Booking is not payable');
    expect(problemTitle('TooEarlyToExpire')).to.equal('Too early to expire');
    expect(problemTitle('ConcertNotFound')).to.equal('Concert not found');
  });
});
