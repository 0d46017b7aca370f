// The inspector's pages over HTTP against the embedded servers, read through the service's own client: what each page says.
import { randomUUID } from 'node:crypto';
import { jsonEvent } from '@eventstore/db-client';
import { expect } from 'chai';
import { eventually } from '../support/eventually.js';
import { postJson } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';
import { BookingDriver, seats } from '../processes/booking-driver.js';
import { fetchPage, inspectorFetch, settledBooking, streamPath } from './inspector-pages.js';

describe('inspector pages', function () {
  this.timeout(60_000);
  let service: TestService;
  let booking: { clientId: string; bookingId: string; paymentId: string };

  before(async () => {
    service = await startTestService();
    booking = await settledBooking(service.url);
  });
  after(() => service?.stop());

  const open = (path: string) => fetchPage(`${service.url}${path}`);

  describe('the dashboard', () => {
    it('names the servers without secrets, the head of $all, the streams written last, the processes and the projections', async () => {
      const page = await open('/inspector');
      expect(page.status).to.equal(200);
      expect(page.headers.get('content-type')).to.match(/^text\/html/);
      expect(page.text).to.match(/\$all is at position \d+/);
      // The test starts the servers and hands the service their addresses: to the service they are external.
      expect(page.text).to.include('EventStoreDB external');
      expect(page.text).to.include(
        service.servers.eventStoreConnectionString.replace(/\?.*$/, '').replace(/\/\/[^@/]*@/, '//'),
      );
      expect(page.text).to.include(`database ${service.config.mongoDatabase}`);
      expect(page.html).to.include(`href="/inspector/bookings/${booking.bookingId}"`);
      for (const name of [
        'booking-confirmation',
        'booking-payment',
        'ticket-release',
        'booking-view',
        'booking-overview',
        'concert-sales',
      ])
        expect(page.text).to.include(name);
      // The streams written last come newest first: the booking's settlement after its payment.
      expect(page.text.indexOf(`booking-${booking.bookingId}`)).to.be.lessThan(
        page.text.indexOf(`payment-${booking.paymentId}`),
      );
    });

    it('is served with a policy that lets no inline or foreign script run', async () => {
      const page = await open('/inspector');
      expect(page.headers.get('content-security-policy'))
        .to.include("script-src 'self'")
        .and.include("default-src 'none'");
      expect(page.html).not.to.match(/<script(?![^>]*src="\/inspector\/assets\/)/);
    });
  });

  describe('a stream', () => {
    it('shows its events newest first with revision, type, time, data and metadata', async () => {
      const page = await open(streamPath(`booking-${booking.bookingId}`));
      expect(page.status).to.equal(200);
      const order = ['BookingSettled', 'BookingPaid', 'BookingConfirmed', 'BookingPlaced'].map((type) =>
        page.text.indexOf(`${type} `),
      );
      expect(order.every((at) => at >= 0)).to.equal(true);
      expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
      expect(page.text)
        .to.include('#0 BookingPlaced')
        .and.include(`"clientId": "${booking.clientId}"`)
        .and.include(`"$correlationId": "${booking.bookingId}"`);
      expect(page.html).to.match(/<time datetime="\d{4}-\d\d-\d\dT/);
      // BookingConfirmed was caused by BookingPlaced (the confirmation step's trigger), shown on the same page.
      expect(page.html).to.match(
        /id="ev-1">[\s\S]*?<dt>causation<\/dt><dd><a href="#ev-0"><code>[0-9a-f-]{36}<\/code><\/a> \(on this page\)/,
      );
    });

    it('shows a link event of a category stream with the event it points to', async () => {
      const page = await open(streamPath('$ce-payment'));
      expect(page.text)
        .to.include(`A link to payment-${booking.paymentId} #0`)
        .and.include(`"paymentId": "${booking.paymentId}"`);
    });

    it('serves $all, event type, correlation and system streams alike', async () => {
      for (const stream of ['$all', '$et-BookingPlaced', `$bc-${booking.bookingId}`, '$persistentSubscriptionConfig']) {
        const page = await eventually(async () => {
          const answer = await open(streamPath(stream));
          expect(answer.status, stream).to.equal(200);
          return answer;
        });
        expect(page.text).to.include(`stream ${stream}`);
      }
    });

    it('pages backwards and forwards through a long stream, a bounded slice at a time', async () => {
      const stream = `ledger-${randomUUID().slice(0, 8)}`;
      await service.client.appendToStream(
        stream,
        Array.from({ length: 45 }, (_, n) => jsonEvent({ type: 'Counted', data: { n } })),
      );
      const revisions = (text: string) => [...text.matchAll(/#(\d+) Counted/g)].map((match) => Number(match[1]));
      const olderLink = (html: string) => /href="([^"]+)" rel="next"/.exec(html)?.[1]?.replace(/&amp;/g, '&');
      const newerLink = (html: string) => /href="([^"]+)" rel="prev"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

      const newest = await open(streamPath(stream));
      expect(revisions(newest.text)).to.deep.equal(Array.from({ length: 20 }, (_, i) => 44 - i));
      expect(newerLink(newest.html)).to.equal(undefined);
      const middle = await open(olderLink(newest.html)!);
      expect(revisions(middle.text)).to.deep.equal(Array.from({ length: 20 }, (_, i) => 24 - i));
      const oldest = await open(olderLink(middle.html)!);
      expect(revisions(oldest.text)).to.deep.equal([4, 3, 2, 1, 0]);
      expect(olderLink(oldest.html)).to.equal(undefined);
      const back = await open(newerLink(oldest.html)!);
      expect(revisions(back.text)).to.deep.equal(Array.from({ length: 20 }, (_, i) => 24 - i));
      const fromStart = await open(streamPath(stream, '?oldest'));
      expect(revisions(fromStart.text)).to.deep.equal(Array.from({ length: 20 }, (_, i) => 19 - i));
    });

    it('when a paging cursor is edited beyond any revision, then the newest page rather than a 500', async () => {
      const stream = `booking-${booking.bookingId}`;
      // 2^64 and 2^64-1: past what the client takes, and one short of it (a page after it would read from 2^64).
      for (const query of [
        '?after=18446744073709551616',
        '?after=18446744073709551615',
        '?before=99999999999999999999',
        '?after=x',
      ]) {
        const page = await open(streamPath(stream, query));
        expect(page.status, query).to.equal(200);
        expect(page.text, query).to.include('BookingSettled').and.include('BookingPlaced');
      }
    });

    it('pages through $all by position, older and back to newer', async () => {
      const positions = (text: string) => [...text.matchAll(/position (\d+)/g)].map((match) => BigInt(match[1]!));
      const newest = await open(streamPath('$all'));
      const first = positions(newest.text);
      expect(first).to.have.length(20);
      const older = await open(/href="([^"]+)" rel="next"/.exec(newest.html)![1]!);
      const second = positions(older.text);
      expect(second).to.have.length(20);
      expect(second[0]! < first.at(-1)!).to.equal(true);
      const newer = await open(/href="([^"]+)" rel="prev"/.exec(older.html)![1]!);
      expect(positions(newer.text).at(-1)! > second[0]!).to.equal(true);
    });

    it('when the stream was deleted for good, then it is a 410 page that says so', async () => {
      const stream = `gone-${randomUUID().slice(0, 8)}`;
      await service.client.appendToStream(stream, [jsonEvent({ type: 'Counted', data: { n: 0 } })]);
      await service.client.tombstoneStream(stream);
      const page = await open(streamPath(stream));
      expect(page.status).to.equal(410);
      expect(page.text).to.include(`The stream ${stream} was deleted.`);
    });

    it('when no stream has that name, then it is a 404 page that says so', async () => {
      const page = await open(streamPath('booking-nobody-ever'));
      expect(page.status).to.equal(404);
      expect(page.headers.get('content-type')).to.match(/^text\/html/);
      expect(page.text).to.include('There is no stream named booking-nobody-ever');
    });
  });

  describe('the booking story', () => {
    it('draws each event of the process in its stream lane, in order, with what caused it and what it caused', async () => {
      const page = await open(`/inspector/bookings/${booking.bookingId}`);
      expect(page.status).to.equal(200);
      for (const lane of [`booking-${booking.bookingId}`, 'concert-rock-night', `payment-${booking.paymentId}`])
        expect(page.html).to.include(`<span>${lane}</span>`);
      const steps = [...page.html.matchAll(/<span class="num">(\d+)<\/span> <h3>(\w+)<\/h3>/g)].map(
        (match) => `${match[1]} ${match[2]}`,
      );
      expect(steps).to.deep.equal([
        '1 BookingPlaced',
        '2 SeatsReserved',
        '3 BookingConfirmed',
        '4 PaymentSucceeded',
        '5 BookingPaid',
        '6 BookingSettled',
      ]);
      expect(page.text).to.include('SeatsReserved concert-rock-night #').and.include('caused by 1 BookingPlaced');
      expect(page.text).to.include('caused by 4 PaymentSucceeded');
      expect(page.text).to.match(/PaymentSucceeded payment-\S+ #0 \+[\d,]+ ms caused by request/);
      expect(page.html).to.include('led to <a href="#step-5">');
    });

    it('shows the MongoDB view document with its version against the stream revision', async () => {
      const page = await open(`/inspector/bookings/${booking.bookingId}`);
      expect(page.text).to.include('Caught up: view version 3 = stream revision 3');
      expect(page.text).to.include('status "Settled"').and.include(`paymentId "${booking.paymentId}"`);
    });

    it('when the view lags behind the stream, then the page says by how much', async () => {
      const driver = new BookingDriver(() => service.url);
      const clientId = `client-${randomUUID().slice(0, 8)}`;
      const bookingId = await driver.place(clientId, 'jazz-evening', seats(4, 1));
      await driver.until(clientId, bookingId, ['Confirmed']);
      // Written behind the view's back: the document stays at version 1 until the view applies revision 2.
      await service.db.collection('bookings').updateOne({ _id: bookingId as never }, { $set: { version: 0 } });
      const page = await open(`/inspector/bookings/${bookingId}`);
      expect(page.text).to.include('Behind by 1: view version 0, stream revision 1');
    });

    it('when nothing carries that correlation id, then it is a 404 page', async () => {
      const page = await open('/inspector/bookings/nobody-ever');
      expect(page.status).to.equal(404);
      expect(page.text).to.include('No event carries the correlation id nobody-ever');
    });
  });

  describe('the search box', () => {
    it('opens a booking by its id, a stream by its name, and says when neither exists', async () => {
      const byId = await open(`/inspector/search?q=${booking.bookingId}`);
      expect(byId.status).to.equal(303);
      expect(byId.headers.get('location')).to.equal(`/inspector/bookings/${booking.bookingId}`);
      const byName = await open(`/inspector/search?q=${encodeURIComponent('$ce-booking')}`);
      expect(byName.headers.get('location')).to.equal('/inspector/streams/%24ce-booking');
      const none = await open('/inspector/search?q=zzz-none');
      expect(none.status).to.equal(404);
    });
  });

  describe('data from clients', () => {
    it('when a cancel reason holds markup and script, then every page shows it as text', async () => {
      const driver = new BookingDriver(() => service.url);
      const clientId = `client-${randomUUID().slice(0, 8)}`;
      const bookingId = await driver.place(clientId, 'jazz-evening', seats(5, 1));
      await driver.until(clientId, bookingId, ['Confirmed']);
      const reason = `</pre><script>document.title='owned'</script><img src=x onerror="alert(1)">`;
      expect(
        (await postJson(`${service.url}/clients/${clientId}/bookings/${bookingId}/cancel`, { reason })).status,
      ).to.equal(200);
      await driver.until(clientId, bookingId, ['Cancelled']);
      for (const path of [`/inspector/bookings/${bookingId}`, streamPath(`booking-${bookingId}`), streamPath('$all')]) {
        const page = await open(path);
        expect(page.html, path).not.to.include('<script>document.title');
        expect(page.html, path).not.to.include('<img src=x');
        expect(page.html, path).to.include('&lt;script&gt;document.title=&#39;owned&#39;&lt;/script&gt;');
      }
    });
  });

  it('answers an unknown inspector path with a 404 page, and serves its stylesheet and script', async () => {
    const missing = await open('/inspector/nowhere');
    expect(missing.status).to.equal(404);
    expect(missing.text).to.include('The inspector has no page at /inspector/nowhere');
    const css = await inspectorFetch(`${service.url}/inspector/assets/inspector.css`);
    expect(css.headers.get('content-type')).to.match(/^text\/css/);
    expect(await css.text()).to.include('.lanes-4');
    const script = await inspectorFetch(`${service.url}/inspector/assets/live.js`);
    expect(script.headers.get('content-type')).to.match(/javascript/);
    expect(await script.text())
      .to.include('EventSource')
      .and.not.include('innerHTML');
  });
});
