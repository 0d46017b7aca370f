// The inspector's subscriptions and projections pages and their actions: replay parked messages, reset, enable, disable; cross-site POSTs refused.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { eventually } from '../support/eventually.js';
import type { TestService } from '../support/service.js';
import { BookingDriver, seats } from '../processes/booking-driver.js';
import { fetchPage } from './inspector-pages.js';
import { startServiceThatParks, type WriteRefusal } from './parking-service.js';

const paymentGroup = '/inspector/subscriptions/%24et-PaymentSucceeded/booking-payment';

describe('inspector actions', function () {
  this.timeout(60_000);
  let service: TestService;
  let writes: WriteRefusal;
  const poisoned = `pay-${randomUUID().slice(0, 8)}`;

  before(async () => {
    ({ service, writes } = await startServiceThatParks());
  });
  after(() => service?.stop());

  const open = (path: string, init?: RequestInit) => fetchPage(`${service.url}${path}`, init);
  const post = (path: string, headers: Record<string, string>) => open(path, { method: 'POST', headers });
  const sameSite = () => ({ origin: service.url });
  const actionLogs = () => service.logs.filter((line) => String(line.message).startsWith('inspector action'));

  describe('the subscriptions page', () => {
    it('lists every persistent subscription group with its stream, status and counts', async () => {
      const page = await open('/inspector/subscriptions');
      expect(page.status).to.equal(200);
      expect(page.text).to.match(/booking-confirmation \$et-BookingPlaced Live/);
      expect(page.text).to.match(/booking-payment \$et-PaymentSucceeded Live/);
      expect(page.text).to.match(/ticket-release \$all Live/);
    });

    it('when a message is parked, then the group shows it as an event, and the replay button hands it back to the process', async () => {
      const driver = new BookingDriver(() => service.url);
      const clientId = `client-${randomUUID().slice(0, 8)}`;
      const bookingId = await driver.place(clientId, 'rock-night', seats(6, 1));
      await driver.until(clientId, bookingId, ['Confirmed']);
      writes.refuse(`booking-${bookingId}`);
      await driver.pay(bookingId, 50000, poisoned);

      const parked = await eventually(async () => {
        const page = await open(paymentGroup);
        expect(page.text).to.include('Replay 1 parked');
        return page;
      }, 15_000);
      expect(parked.text)
        .to.include('A link to $et-PaymentSucceeded #0, itself a link to payment-')
        .and.include(`"paymentId": "${poisoned}"`);
      expect((await open('/inspector')).text).to.match(/booking-payment \$et-PaymentSucceeded Live 0 1/);

      writes.allow();
      const answer = await post(`${paymentGroup}/replay`, sameSite());
      expect(answer.status).to.equal(200);
      expect(answer.text).to.include(
        'Replayed the parked messages of booking-payment on $et-PaymentSucceeded (1 counted before)',
      );
      expect((await driver.until(clientId, bookingId, ['Settled'])).paymentId).to.equal(poisoned);
      await eventually(async () => expect((await open(paymentGroup)).text).to.include('Nothing parked.'));
      expect(actionLogs().at(-1)).to.include({
        message: 'inspector action',
        action: 'replay-parked',
        target: '$et-PaymentSucceeded::booking-payment',
        ok: true,
      });
      // Who did it: the operator, as the guard let them in, never an anonymous caller.
      expect(actionLogs().at(-1)?.who).to.match(/^operator \(bearer token\) at /);
    });

    it('when the group does not exist, then it is a 404 page', async () => {
      const page = await open('/inspector/subscriptions/%24et-Nothing/nobody');
      expect(page.status).to.equal(404);
      expect(page.text).to.include('no persistent subscription group nobody on $et-Nothing');
    });
  });

  describe('the projections pages', () => {
    it('list every projection with status, mode and position', async () => {
      const page = await open('/inspector/projections');
      expect(page.text)
        .to.match(/booking-overview Running Continuous/)
        .and.match(/concert-sales Running Continuous/);
    });

    it('show a projection state and result, its partitions one per concert, and its source', async () => {
      const page = await eventually(async () => {
        const answer = await open('/inspector/projections/concert-sales');
        expect(answer.text).to.include('concert-rock-night state {').and.include('"name": "Rock Night"');
        return answer;
      });
      expect(page.text).to.include('concert-jazz-evening state {');
      expect(page.text)
        .to.include('projections/concert-sales.js')
        .and.include("fromCategories(['concert', 'booking', 'concertsales'])");
      const overview = await open('/inspector/projections/booking-overview');
      expect(overview.text).to.match(/Result \{ "bookings": \{/);
      const asked = await open(
        `/inspector/projections/concert-sales?partition=${encodeURIComponent('concert-jazz-evening')}`,
      );
      expect(asked.text).to.include('concert-jazz-evening state');
    });

    it('disable, enable and reset a projection, answering with the page and the outcome', async () => {
      const disabled = await post('/inspector/projections/booking-overview/disable', sameSite());
      expect(disabled.status).to.equal(200);
      expect(disabled.text)
        .to.include('Projection booking-overview: disable done.')
        .and.match(/status Stopped/);
      const enabled = await post('/inspector/projections/booking-overview/enable', sameSite());
      expect(enabled.text)
        .to.include('Projection booking-overview: enable done.')
        .and.match(/status Running/);
      const reset = await post('/inspector/projections/booking-overview/reset', { 'sec-fetch-site': 'same-origin' });
      expect(reset.text).to.include('Projection booking-overview: reset done.');
      expect(actionLogs().map((line) => line.action)).to.include.members([
        'projection-disable',
        'projection-enable',
        'projection-reset',
      ]);
    });

    it('when the projection does not exist, then the action fails and the answer says why', async () => {
      const page = await post('/inspector/projections/nothing-here/enable', sameSite());
      expect(page.status).to.equal(404);
      expect(actionLogs().at(-1)).to.include({ action: 'projection-enable', target: 'nothing-here', ok: false });
    });
  });

  describe('a cross-site request', () => {
    it('is refused with a 403 page, logged, and changes nothing', async () => {
      const attempts: Record<string, string>[] = [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { 'sec-fetch-site': 'cross-site' },
      ];
      for (const headers of attempts) {
        const page = await post('/inspector/projections/booking-overview/disable', headers);
        expect(page.status, JSON.stringify(headers)).to.equal(403);
        expect(page.text).to.include('Refused: this action was sent from another site');
      }
      expect(
        service.logs.filter((line) => line.message === 'inspector action refused: cross-site request'),
      ).to.have.length(3);
      expect((await open('/inspector/projections/booking-overview')).text).to.match(/status Running/);
    });
  });
});
