// The inspector as a route module: its pages, assets, actions and live feeds under /inspector, on the service's own port.
import type { EventStoreDBClient } from '@eventstore/db-client';
import { Router, type Request, type Response } from 'express';
import type { Db } from 'mongodb';
import type { Logger } from 'winston';
import type { RouteModule } from '../http/app.js';
import type { ProcessesReport } from '../processes/start-processes.js';
import { performAction } from './actions.js';
import { html, type SafeHtml } from './html.js';
import { BASE, bookingHref, CONTENT_SECURITY_POLICY, page, streamHref, type Outcome } from './layout.js';
import { liveFeeds, livePage } from './live.js';
import { LIVE_SCRIPT } from './live-script.js';
import { bookingStoryPage } from './pages/booking-story.js';
import { dashboardPage } from './pages/dashboard.js';
import { projectionPage, projectionsPage } from './pages/projections.js';
import { notFoundPage, streamPage } from './pages/stream-page.js';
import { groupPage, subscriptionsPage } from './pages/subscriptions.js';
import { applyProjectionAction, listProjections, projectionDetail, type ProjectionAction } from './projection-reads.js';
import type { ServersShown } from './servers-shown.js';
import {
  ALL_STREAM,
  lastPosition,
  lastRevision,
  pageStart,
  readStreamPage,
  recentStreams,
  StreamMissingError,
} from './store-reads.js';
import { readBookingStory } from './story-reads.js';
import { findGroup, listGroups, parkedMessages, replayParked } from './subscription-reads.js';
import { INSPECTOR_CSS } from './styles.js';

export interface InspectorDependencies {
  readonly client: EventStoreDBClient;
  readonly db: Db;
  readonly logger: Logger;
  readonly servers: ServersShown;
  /** The processes' own report (GET /processes), for the dashboard; absent when the service runs none. */
  readonly processesReport?: () => Promise<ProcessesReport>;
}

export interface Inspector extends RouteModule {
  /** Ends the open live feeds: call before closing the HTTP server. */
  stop(): Promise<void>;
}

/** Events per page of a stream: enough to see a booking whole, small enough to stay fast on any stream. */
const PAGE_SIZE = 20;
/** The dashboard's "written last" looks this far back in `$all`. */
const RECENT_SCAN = 300;
const RECENT_SHOWN = 12;
const PARKED_SHOWN = 20;
const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M8 1l7 7-7 7-7-7z" fill="#5b4bdb"/></svg>';

function send(res: Response, body: SafeHtml, status = 200): void {
  res.status(status).type('html').send(body.text);
}

/** A parameter as the path gave it (express decodes it); text only, whatever the client typed. */
const param = (req: Request, name: string): string => String(req.params[name] ?? '');

export function inspector({ client, db, logger, servers, processesReport }: InspectorDependencies): Inspector {
  const router = Router();
  const feeds = liveFeeds(client, logger);

  router.use(BASE, (_req, res, next) => {
    res.set({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    });
    next();
  });

  router.get(`${BASE}/assets/inspector.css`, (_req, res) => {
    res.type('text/css').set('Cache-Control', 'public, max-age=300').send(INSPECTOR_CSS);
  });
  router.get(`${BASE}/assets/icon.svg`, (_req, res) => {
    res.type('image/svg+xml').set('Cache-Control', 'public, max-age=300').send(ICON);
  });
  router.get(`${BASE}/assets/live.js`, (_req, res) => {
    res.type('text/javascript').set('Cache-Control', 'public, max-age=300').send(LIVE_SCRIPT);
  });

  router.get(BASE, async (_req, res) => {
    const [last, recent, processes, projections] = await Promise.all([
      lastPosition(client),
      recentStreams(client, RECENT_SCAN, RECENT_SHOWN),
      processesReport ? processesReport() : Promise.resolve(null),
      listProjections(client),
    ]);
    send(res, dashboardPage({ servers, lastPosition: last, recent, processes, projections }));
  });

  // A name that is a stream opens it; otherwise an id whose booking stream exists opens the booking's story.
  router.get(`${BASE}/search`, async (req, res) => {
    const q = typeof req.query.q === 'string' ? req.query.q.trim() : '';
    if (q === '') return res.redirect(303, BASE);
    if (q === ALL_STREAM || q.startsWith('$')) return res.redirect(303, streamHref(q));
    if ((await lastRevision(client, q)) !== null) return res.redirect(303, streamHref(q));
    if ((await lastRevision(client, `booking-${q}`)) !== null) return res.redirect(303, bookingHref(q));
    send(
      res,
      notFoundPage(q, html`No stream is named <code>${q}</code>, and no booking has the id <code>${q}</code>.`),
      404,
    );
  });

  router.get(`${BASE}/streams/:stream`, async (req, res) => {
    const stream = param(req, 'stream');
    const start = pageStart(req.query);
    try {
      send(res, streamPage(stream, await readStreamPage(client, stream, start, PAGE_SIZE), start));
    } catch (error) {
      if (!(error instanceof StreamMissingError)) throw error;
      const detail = error.deleted
        ? html`The stream <code>${stream}</code> was deleted.`
        : html`There is no stream named <code>${stream}</code> (names are case-sensitive).`;
      send(res, notFoundPage(stream, detail), error.deleted ? 410 : 404);
    }
  });

  router.get(`${BASE}/bookings/:bookingId`, async (req, res) => {
    const bookingId = param(req, 'bookingId');
    const story = await readBookingStory(client, db, bookingId);
    if (!story)
      return send(
        res,
        notFoundPage(
          `booking ${bookingId}`,
          html`No event carries the correlation id <code>${bookingId}</code> (stream <code>$bc-${bookingId}</code> does not exist).`,
        ),
        404,
      );
    send(res, bookingStoryPage(story));
  });

  const groupAnswer = async (res: Response, stream: string, group: string, outcome?: Outcome, status = 200) => {
    const found = await findGroup(client, stream, group);
    if (!found)
      return send(
        res,
        notFoundPage(
          `group ${group} on ${stream}`,
          html`The server has no persistent subscription group <code>${group}</code> on <code>${stream}</code>.`,
        ),
        404,
      );
    send(res, groupPage(found, await parkedMessages(client, stream, group, PARKED_SHOWN), outcome), status);
  };

  router.get(`${BASE}/subscriptions`, async (_req, res) => {
    send(res, subscriptionsPage(await listGroups(client)));
  });
  router.get(`${BASE}/subscriptions/:stream/:group`, async (req, res) => {
    await groupAnswer(res, param(req, 'stream'), param(req, 'group'));
  });
  router.post(`${BASE}/subscriptions/:stream/:group/replay`, async (req, res) => {
    const [stream, group] = [param(req, 'stream'), param(req, 'group')];
    const outcome = await performAction(req, res, logger, {
      action: 'replay-parked',
      target: `${stream}::${group}`,
      run: async () => {
        const parked = (await findGroup(client, stream, group))?.parked ?? 0;
        await replayParked(client, stream, group);
        return `Replayed the parked messages of ${group} on ${stream} (${parked} counted before): the consumers get them again.`;
      },
    });
    if (!outcome) return send(res, refusedPage(), 403);
    await groupAnswer(res, stream, group, outcome, outcome.ok ? 200 : 502);
  });

  router.get(`${BASE}/projections`, async (_req, res) => {
    send(res, projectionsPage(await listProjections(client)));
  });
  const projectionAnswer = async (
    res: Response,
    name: string,
    partition: string | undefined,
    outcome?: Outcome,
    status = 200,
  ) => {
    const detail = await projectionDetail(client, name, partition);
    if (!detail)
      return send(
        res,
        notFoundPage(`projection ${name}`, html`The server has no projection named <code>${name}</code>.`),
        404,
      );
    send(res, projectionPage(detail, outcome), status);
  };
  router.get(`${BASE}/projections/:name`, async (req, res) => {
    const partition =
      typeof req.query.partition === 'string' && req.query.partition.trim() !== ''
        ? req.query.partition.trim()
        : undefined;
    await projectionAnswer(res, param(req, 'name'), partition);
  });
  router.post(`${BASE}/projections/:name/:action`, async (req, res, next) => {
    const action = param(req, 'action');
    if (action !== 'reset' && action !== 'enable' && action !== 'disable') return next();
    const name = param(req, 'name');
    const outcome = await performAction(req, res, logger, {
      action: `projection-${action}`,
      target: name,
      run: async () => {
        await applyProjectionAction(client, name, action as ProjectionAction);
        return `Projection ${name}: ${action} done.`;
      },
    });
    if (!outcome) return send(res, refusedPage(), 403);
    await projectionAnswer(res, name, undefined, outcome, outcome.ok ? 200 : 502);
  });

  router.get(`${BASE}/live`, (req, res) => {
    const stream =
      typeof req.query.stream === 'string' && req.query.stream.trim() !== '' ? req.query.stream.trim() : ALL_STREAM;
    send(res, livePage(stream));
  });
  router.get(`${BASE}/live/events`, (req, res) => feeds.follow(req, res));

  // Anything else under /inspector is a page that does not exist: said as a page, not as JSON.
  router.get(/^\/inspector(\/.*)?$/, (req, res) => {
    send(res, notFoundPage(req.path, html`The inspector has no page at <code>${req.path}</code>.`), 404);
  });

  return { pages: router, stop: () => feeds.stop() };
}

function refusedPage(): SafeHtml {
  return page({
    title: 'Refused',
    section: 'dashboard',
    outcome: {
      ok: false,
      message: 'Refused: this action was sent from another site. Use the buttons on the inspector’s own pages.',
    },
    body: html`<h1>Action refused</h1><p class="lead">The inspector only takes actions sent from its own pages, so that another site cannot make your browser replay or reset anything.</p>`,
  });
}
