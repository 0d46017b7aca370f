// The frame every inspector page shares: head, navigation, search, the outcome of an action, and the page's own body.
import { html, type SafeHtml } from './html.js';

export const BASE = '/inspector';

export type Section = 'dashboard' | 'streams' | 'bookings' | 'subscriptions' | 'projections' | 'live';

/** What an action (replay, reset, enable, disable) did, shown at the top of the page it answers with. */
export interface Outcome {
  readonly ok: boolean;
  readonly message: string;
}

export interface PageOptions {
  readonly title: string;
  readonly section: Section;
  readonly body: SafeHtml;
  readonly outcome?: Outcome;
  /** Scripts served by the inspector itself (e.g. the live view); never inline, so the CSP can forbid inline code. */
  readonly scripts?: readonly string[];
}

const NAV: readonly { section: Section; href: string; label: string }[] = [
  { section: 'dashboard', href: BASE, label: 'Dashboard' },
  { section: 'streams', href: `${BASE}/streams/%24all`, label: 'Streams' },
  { section: 'subscriptions', href: `${BASE}/subscriptions`, label: 'Subscriptions' },
  { section: 'projections', href: `${BASE}/projections`, label: 'Projections' },
  { section: 'live', href: `${BASE}/live`, label: 'Live' },
];

/**
 * Nothing but the inspector's own files may load or run: an event that smuggles markup past the escaping
 * (it should not) still could not execute a script or send data anywhere.
 */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

export function page({ title, section, body, outcome, scripts = [] }: PageOptions): SafeHtml {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Inspector</title>
<link rel="stylesheet" href="${BASE}/assets/inspector.css">
<link rel="icon" href="${BASE}/assets/icon.svg" type="image/svg+xml">
${scripts.map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
  <a class="brand" href="${BASE}"><span class="logo" aria-hidden="true">◆</span> Ticket booking <span>inspector</span></a>
  <nav aria-label="Inspector">
    ${NAV.map((item) => html`<a href="${item.href}"${item.section === section ? html` aria-current="page"` : ''}>${item.label}</a>`)}
  </nav>
  <form class="search" action="${BASE}/search" method="get" role="search">
    <label for="search-q" class="visually-hidden">Stream name or booking id</label>
    <input id="search-q" name="q" placeholder="stream or booking id" autocomplete="off" spellcheck="false">
    <button type="submit">Open</button>
  </form>
</header>
<main id="main">
${outcome ? html`<p class="outcome ${outcome.ok ? 'ok' : 'failed'}" role="status">${outcome.message}</p>` : ''}
${body}
</main>
<footer>Read through the service's own EventStoreDB client and MongoDB connection · every value shown is data, never markup</footer>
</body>
</html>
`;
}

/** Links to an inspector URL of a stream (any name, `$all` included). */
export const streamHref = (stream: string, query = ''): string =>
  `${BASE}/streams/${encodeURIComponent(stream)}${query}`;
export const bookingHref = (bookingId: string): string => `${BASE}/bookings/${encodeURIComponent(bookingId)}`;
