// End to end in a real browser (Debian's chromium): a person places and pays a booking, then reads it in the inspector.
import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { postJson } from '../support/http.js';
import { testSecrets } from '../support/credentials.js';
import type { TestService } from '../support/service.js';
import { BookingDriver, seats } from '../processes/booking-driver.js';
import { openBrowser, screenshot, type InspectorBrowser } from './browser.js';
import { startServiceThatParks, type WriteRefusal } from './parking-service.js';

/** Fixed ids read well in the README's screenshots; against shared servers they must not collide with earlier runs. */
const suffix = process.env.EVENTSTORE_CONNECTION_STRING ? `-${randomUUID().slice(0, 6)}` : '';
const alice = `alice${suffix}`;
const bookingId = `alice-1${suffix}`;
const paymentId = `pay-1${suffix}`;
const SCRIPTED_REASON = `<script>document.title = 'owned'; alert('owned')</script><img src=x onerror="alert('img')">`;

describe('inspector in a browser', function () {
  this.timeout(120_000);
  let service: TestService;
  let browser: InspectorBrowser;
  let writes: WriteRefusal;
  const poisoned = `pay-9${suffix}`;
  const driver = new BookingDriver(() => service.url);

  before(async () => {
    ({ service, writes } = await startServiceThatParks());
    browser = await openBrowser();
    // The README's walkthrough: alice books two seats and pays them.
    await driver.place(alice, 'rock-night', seats(1, 7, 8), bookingId);
    await driver.until(alice, bookingId, ['Confirmed']);
    await driver.pay(bookingId, 100000, paymentId);
    await driver.until(alice, bookingId, ['Settled']);
  });
  after(async () => {
    await browser?.close();
    await service?.stop();
  });
  afterEach(() => {
    expect(browser.dialogs, 'dialogs opened by a script').to.deep.equal([]);
    expect(browser.pageErrors, 'script errors').to.deep.equal([]);
  });

  const open = async (path: string, width?: number): Promise<Page> => {
    const page = await browser.page(width);
    await page.goto(`${service.url}${path}`, { waitUntil: 'load' });
    return page;
  };
  const text = (page: Page, selector = 'main') => page.locator(selector).innerText();

  it('an operator without a header logs in with the token through the form, lands on the page asked for, and a wrong token is refused', async () => {
    const page = await browser.page(1280, {});
    await page.goto(`${service.url}/inspector/subscriptions`, { waitUntil: 'load' });
    expect(new URL(page.url()).pathname).to.equal('/inspector/login');
    await page.locator('#token').fill('not-the-token');
    await Promise.all([page.waitForLoadState('load'), page.getByRole('button', { name: 'Log in' }).click()]);
    expect(await page.locator('body').innerText()).to.include('That is not the operator token.');
    await page.locator('#token').fill(testSecrets.operatorToken);
    // A shared link works: once logged in, the browser is on the page it was opened at.
    await Promise.all([
      page.waitForURL(/\/inspector\/subscriptions$/),
      page.getByRole('button', { name: 'Log in' }).click(),
    ]);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Persistent subscriptions');
    await page.goto(`${service.url}/inspector`, { waitUntil: 'load' });
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Dashboard');
    const cookies = await page.context().cookies();
    expect(cookies.map((cookie) => cookie.value).join(' ')).not.to.include(testSecrets.operatorToken);
    await screenshot(page, 'login', { fullPage: false });
  });

  it('the dashboard shows the processes, the streams written last and the projections', async () => {
    const page = await open('/inspector');
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal('Dashboard');
    const processes = await text(page, 'table');
    expect(processes).to.match(/booking-confirmation\s+\$et-BookingPlaced\s+Live/);
    expect(processes).to.include('booking-view');
    expect(await text(page, '.recent')).to.include(`booking-${bookingId}`);
    expect(await text(page)).to.match(/concert-sales\s+Running/);
    // Taken before the keyboard check, whose focused skip link would cover the header in the README's picture.
    await screenshot(page, 'dashboard');
    // Keyboard first: the first Tab reaches the link that skips to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.textContent')).to.equal('Skip to content');
  });

  it('the search box opens the booking story, with its lanes, causation and the view beside it', async () => {
    const page = await open('/inspector');
    await page.getByLabel('Open a stream by name, or a booking by id').fill(bookingId);
    await page.getByLabel('Open a stream by name, or a booking by id').press('Enter');
    await page.waitForURL(`**/inspector/bookings/${bookingId}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).to.equal(`booking ${bookingId}`);
    const lanes = await page.locator('.lane-head').allInnerTexts();
    expect(lanes.map((lane) => lane.replace(/\s+/g, ' ').trim())).to.deep.equal([
      'OUTSIDE API requests, expirer',
      `BOOKING booking-${bookingId}`,
      'CONCERT concert-rock-night',
      `PAYMENT payment-${paymentId}`,
    ]);
    const steps = await page.locator('.step h3').allInnerTexts();
    expect(steps).to.deep.equal([
      'BookingPlaced',
      'SeatsReserved',
      'BookingConfirmed',
      'PaymentSucceeded',
      'BookingPaid',
      'BookingSettled',
    ]);
    expect(await text(page, '#step-2')).to.match(/caused by\s+1\s+BookingPlaced/);
    expect(await text(page, '.view-panel')).to.include('Caught up: view version 3 = stream revision 3');
    await page.waitForSelector('text=live: the page reloads when the process writes');
    await screenshot(page, 'booking-story');

    // The causation link leads to the step that caused it.
    await page.locator('#step-5 .why a').click();
    expect(page.url()).to.match(/#step-4$/);
  });

  it('the booking stream, $all and $ce-booking show their events, links with what they point to', async () => {
    const story = await open(`/inspector/bookings/${bookingId}`);
    await story
      .getByRole('link', { name: `booking-${bookingId}`, exact: false })
      .first()
      .click();
    await story.waitForURL(`**/inspector/streams/booking-${bookingId}`);
    const events = await story.locator('.event h3').allInnerTexts();
    expect(events).to.deep.equal(['BookingSettled', 'BookingPaid', 'BookingConfirmed', 'BookingPlaced']);
    expect(await text(story, '#ev-0')).to.include(`"clientId": "${alice}"`);
    await screenshot(story, 'stream');

    await story.getByRole('navigation', { name: 'Inspector' }).getByRole('link', { name: 'Streams' }).click();
    await story.waitForURL('**/inspector/streams/%24all');
    expect(await text(story, 'h1')).to.equal('stream $all');
    expect(await story.locator('.event').count()).to.equal(20);
    await story.getByRole('link', { name: 'Older ›' }).first().click();
    expect(story.url()).to.include('?before=');
    await story.goto(`${service.url}/inspector/streams/%24all`);
    await screenshot(story, 'all', { fullPage: false });

    await story.locator('header.top').getByLabel('Stream name or booking id').fill('$ce-booking');
    await story.locator('header.top').getByRole('button', { name: 'Open' }).click();
    await story.waitForURL('**/inspector/streams/%24ce-booking');
    expect(await text(story, '.event:first-of-type .link-note')).to.include(`A link to booking-${bookingId} #3`);
    await screenshot(story, 'category', { fullPage: false });
  });

  it('a parked message is readable on its group page and replayed with the button', async () => {
    const clientId = `bob${suffix}`;
    const parkedBooking = `bob-1${suffix}`;
    await driver.place(clientId, 'rock-night', seats(2, 1), parkedBooking);
    await driver.until(clientId, parkedBooking, ['Confirmed']);
    writes.refuse(`booking-${parkedBooking}`);
    await driver.pay(parkedBooking, 50000, poisoned);

    const page = await open('/inspector/subscriptions');
    for (
      let tries = 0;
      !(await text(page, 'table')).match(/booking-payment\s+\$et-PaymentSucceeded\s+Live(\s+\S+){5}\s+1/) &&
      tries < 100;
      tries += 1
    ) {
      await page.waitForTimeout(200);
      await page.reload();
    }
    expect(await text(page, 'table')).to.match(/booking-payment\s+\$et-PaymentSucceeded\s+Live/);
    await screenshot(page, 'subscriptions');
    await page.getByRole('link', { name: 'booking-payment' }).click();
    expect(await text(page, '.events')).to.include(`"paymentId": "${poisoned}"`);
    await screenshot(page, 'parked');

    writes.allow();
    await page.getByRole('button', { name: 'Replay 1 parked' }).first().click();
    await page.waitForSelector('.outcome.ok');
    expect(await text(page, '.outcome')).to.include('Replayed the parked messages of booking-payment');
    expect((await driver.until(clientId, parkedBooking, ['Settled'])).paymentId).to.equal(poisoned);
  });

  it('the projections pages show status, state, the concert partitions and the source, and act on them', async () => {
    const page = await open('/inspector/projections');
    expect(await text(page, 'table')).to.match(/concert-sales\s+Running\s+Continuous/);
    await screenshot(page, 'projections');
    await page.getByRole('link', { name: 'concert-sales' }).click();
    expect(await text(page)).to.include('"name": "Rock Night"');
    expect(await text(page, 'pre.source')).to.include('partitionBy');
    await screenshot(page, 'projection');
    await page.getByRole('button', { name: 'Disable' }).click();
    expect(await text(page, '.outcome')).to.equal('Projection concert-sales: disable done.');
    await page.getByRole('button', { name: 'Enable' }).click();
    expect(await text(page, '.summary')).to.include('Running');
  });

  it('a cancel reason with markup and script shows as text and runs nothing', async () => {
    const clientId = `carol${suffix}`;
    const cancelled = `carol-1${suffix}`;
    await driver.place(clientId, 'jazz-evening', seats(3, 3), cancelled);
    await driver.until(clientId, cancelled, ['Confirmed']);
    expect(
      (await postJson(`${service.url}/clients/${clientId}/bookings/${cancelled}/cancel`, { reason: SCRIPTED_REASON }))
        .status,
    ).to.equal(200);
    await driver.until(clientId, cancelled, ['Cancelled']);
    const page = await open(`/inspector/streams/booking-${cancelled}`);
    expect(await text(page, '#ev-2')).to.include(SCRIPTED_REASON.replace(/"/g, '\\"'));
    expect(await page.title()).to.equal(`booking-${cancelled} · Inspector`);
    expect(await page.locator('main img').count()).to.equal(0);
    const story = await open(`/inspector/bookings/${cancelled}`);
    expect(await text(story, '.view-panel')).to.include(SCRIPTED_REASON.replace(/"/g, '\\"'));
    expect(await story.title()).to.equal(`Booking ${cancelled} · Inspector`);
  });

  it('on a phone, the story stacks its events in one column without sideways scrolling', async () => {
    const page = await open(`/inspector/bookings/${bookingId}`, 390);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).to.be.at.most(390);
    expect(await page.locator('.step h3').count()).to.equal(6);
    await screenshot(page, 'booking-story-phone');
  });

  it('the live page shows a new booking’s events as they are written', async () => {
    const page = await open(`/inspector/live?stream=${encodeURIComponent('$ce-booking')}`);
    await page.waitForSelector('text=live: waiting for new events');
    const clientId = `dave${suffix}`;
    const placed = await driver.place(clientId, 'jazz-evening', seats(4, 4), `dave-1${suffix}`);
    await page.waitForSelector('.live-event:has-text("BookingConfirmed")');
    const items = await page.locator('.live-event .type').allInnerTexts();
    expect(items).to.deep.equal(['BookingConfirmed', 'BookingPlaced']);
    expect(await text(page, '.live-event:last-child')).to.include(`"bookingId": "${placed}"`);
    await screenshot(page, 'live');
  });
});
