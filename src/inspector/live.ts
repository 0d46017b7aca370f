// Live following: server-sent events from a catch-up subscription that starts at the end of a stream (or of `$all`).
import { END, excludeSystemEvents, type EventStoreDBClient, type ResolvedEvent } from '@eventstore/db-client';
import type { Request, Response } from 'express';
import type { Logger } from 'winston';
import { html, type SafeHtml } from './html.js';
import { BASE, page, streamHref } from './layout.js';
import { toShown } from './shown-event.js';
import { ALL_STREAM } from './store-reads.js';

/** Each open page holds a subscription on the server: a handful is plenty for an operator or a class. */
const DEFAULT_MAX_FOLLOWERS = 32;
/** A comment line now and then keeps proxies and the browser from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

export interface LiveFeeds {
  /** GET …/live/events?stream=: the SSE answer. */
  follow(req: Request, res: Response): void;
  /** Ends every open feed (before the HTTP server closes, so that shutdown does not wait on them). */
  stop(): Promise<void>;
}

/** What one event becomes on the wire: plain JSON that the page's script writes as text, never as markup. */
function wireEvent(resolved: ResolvedEvent) {
  const shown = toShown(resolved);
  if (!shown) return null;
  const event = shown.target ?? shown;
  return {
    stream: shown.stream,
    revision: shown.revision.toString(),
    type: event.type,
    created: event.created.toISOString(),
    ...(shown.target ? { linkTo: `${shown.target.stream} #${shown.target.revision}` } : {}),
    href: streamHref(event.stream, `?before=${event.revision + 1n}#ev-${event.revision}`),
    data: event.data,
    metadata: event.metadata,
  };
}

export function liveFeeds(
  client: EventStoreDBClient,
  logger: Logger,
  { maxFollowers = DEFAULT_MAX_FOLLOWERS } = {},
): LiveFeeds {
  const open = new Set<() => Promise<void>>();
  return {
    follow(req, res) {
      const stream = typeof req.query.stream === 'string' && req.query.stream !== '' ? req.query.stream : ALL_STREAM;
      if (open.size >= maxFollowers) {
        res.status(503).type('text/plain').send('Too many live pages open; close one and try again.');
        return;
      }
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Accel-Buffering': 'no',
      });
      res.write(': following\n\n');
      const subscription =
        stream === ALL_STREAM
          ? client.subscribeToAll({ fromPosition: END, filter: excludeSystemEvents(), resolveLinkTos: true })
          : client.subscribeToStream(stream, { fromRevision: END, resolveLinkTos: true });
      const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS);
      heartbeat.unref();
      let ended = false;
      const end = async () => {
        if (ended) return;
        ended = true;
        open.delete(end);
        clearInterval(heartbeat);
        await subscription.unsubscribe().catch(() => undefined);
        res.end();
      };
      open.add(end);
      subscription.on('data', (resolved: ResolvedEvent) => {
        const event = wireEvent(resolved);
        if (event) res.write(`event: recorded\ndata: ${JSON.stringify(event)}\n\n`);
      });
      subscription.on('error', (error: Error) => {
        logger.warn('inspector live feed failed', { stream, error: error.message });
        void end();
      });
      req.on('close', () => void end());
    },
    async stop() {
      await Promise.all([...open].map((end) => end()));
    },
  };
}

export function livePage(stream: string): SafeHtml {
  const body = html`<div class="page-head"><h1><span class="muted">live</span> ${stream}</h1>
    <p class="live-state" role="status" aria-live="polite">connecting…</p></div>
  <p class="lead">New events of <a href="${streamHref(stream)}">${stream}</a> appear here as they are written${stream === ALL_STREAM ? ' (system events left out)' : ''}, newest on top. Place a booking in another window and watch its process unfold.</p>
  <form method="get" action="${BASE}/live" class="inline-form">
    <label for="live-stream">stream</label>
    <input id="live-stream" name="stream" value="${stream}" spellcheck="false">
    <button type="submit">Follow</button>
  </form>
  <ol class="live-events" data-live-feed="${BASE}/live/events?stream=${encodeURIComponent(stream)}"></ol>`;
  return page({ title: `Live: ${stream}`, section: 'live', body, scripts: [`${BASE}/assets/live.js`] });
}
