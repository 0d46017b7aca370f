// Live following: server-sent events from a catch-up subscription, as the live page and the booking story use them.
import { randomUUID } from 'node:crypto';
import { jsonEvent } from '@eventstore/db-client';
import { expect } from 'chai';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { liveFeeds } from '../../src/inspector/live.js';
import { capturedLogger } from '../support/captured-logger.js';
import { startTestService, type TestService } from '../support/service.js';
import { fetchPage, inspectorFetch } from './inspector-pages.js';

/** Reads server-sent events from an open answer until `done` says enough. */
async function readEvents(
  body: ReadableStream<Uint8Array>,
  done: (events: { event: string; data: string }[], comments: string[]) => boolean,
) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const events: { event: string; data: string }[] = [];
  const comments: string[] = [];
  let buffer = '';
  while (!done(events, comments)) {
    const { value, done: ended } = await reader.read();
    if (ended) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      if (block.startsWith(':')) comments.push(block.slice(1).trim());
      else
        events.push({
          event: /^event: (.*)$/m.exec(block)?.[1] ?? 'message',
          data: /^data: (.*)$/m.exec(block)?.[1] ?? '',
        });
    }
  }
  return { events, comments };
}

describe('inspector live following', function () {
  this.timeout(60_000);
  let service: TestService;

  before(async () => {
    service = await startTestService();
  });
  after(() => service?.stop());

  it('serves a page that follows a stream through the inspector’s own script', async () => {
    const page = await fetchPage(`${service.url}/inspector/live?stream=${encodeURIComponent('$ce-booking')}`);
    expect(page.html)
      .to.include('data-live-feed="/inspector/live/events?stream=%24ce-booking"')
      .and.include('<script src="/inspector/assets/live.js" defer></script>');
  });

  it('when an event is written to a followed stream, then it arrives as a server-sent event with its data', async () => {
    const stream = `live-${randomUUID().slice(0, 8)}`;
    const controller = new AbortController();
    const answer = await inspectorFetch(`${service.url}/inspector/live/events?stream=${stream}`, {
      signal: controller.signal,
    });
    expect(answer.headers.get('content-type')).to.match(/^text\/event-stream/);
    const reading = readEvents(answer.body!, (events) => events.length >= 2);
    // The subscription starts at the end of the stream: only what is written after it counts.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await service.client.appendToStream(stream, [jsonEvent({ type: 'Rang', data: { note: '<b>bold</b>' } })]);
    await service.client.appendToStream(stream, [jsonEvent({ type: 'Rang', data: { note: 'again' } })]);
    const { events } = await reading;
    controller.abort();
    expect(events.map((event) => event.event)).to.deep.equal(['recorded', 'recorded']);
    const first = JSON.parse(events[0]!.data);
    expect(first).to.include({ stream, revision: '0', type: 'Rang' });
    expect(first.data).to.deep.equal({ note: '<b>bold</b>' });
    expect(first.href).to.equal(`/inspector/streams/${stream}?before=1#ev-0`);
  });

  it('when following $all, then links and system events are left out and the events come with their streams', async () => {
    const stream = `live-${randomUUID().slice(0, 8)}`;
    const controller = new AbortController();
    const answer = await inspectorFetch(`${service.url}/inspector/live/events`, { signal: controller.signal });
    const reading = readEvents(answer.body!, (events) => events.some((event) => event.data.includes(stream)));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await service.client.appendToStream(stream, [jsonEvent({ type: 'Rang', data: {} })]);
    const { events } = await reading;
    controller.abort();
    expect(events.every((event) => !JSON.parse(event.data).stream.startsWith('$'))).to.equal(true);
  });

  it('when as many pages follow as allowed, then one more is told to come back later, and a closed one frees its place', async () => {
    const feeds = liveFeeds(service.client, capturedLogger('warn').logger, { maxFollowers: 1 });
    const app = express().get('/events', (req, res) => feeds.follow(req, res));
    const server = app.listen(0);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events?stream=%24all`;
    try {
      const first = new AbortController();
      const open = await inspectorFetch(url, { signal: first.signal });
      expect(open.status).to.equal(200);
      const refused = await inspectorFetch(url);
      expect(refused.status).to.equal(503);
      expect(await refused.text()).to.include('Too many live pages open');
      first.abort();
      await open.body?.cancel().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const again = new AbortController();
      expect((await inspectorFetch(url, { signal: again.signal })).status).to.equal(200);
      again.abort();
    } finally {
      await feeds.stop();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when the service stops with a live page open, then it stops at once rather than waiting on the feed', async () => {
    const other = await startTestService({ servers: service.servers });
    const answer = await inspectorFetch(`${other.url}/inspector/live/events?stream=%24all`);
    const reading = readEvents(answer.body!, () => false);
    const started = Date.now();
    await other.stop();
    await reading;
    expect(Date.now() - started).to.be.below(5_000);
  });
});
