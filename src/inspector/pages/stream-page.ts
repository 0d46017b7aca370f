// /inspector/streams/:stream: one bounded page of a stream (or `$all`), newest first, with links to older and newer pages.
import { eventAnchor, eventCard } from '../event-view.js';
import { html, type SafeHtml } from '../html.js';
import { bookingHref, BASE, page, streamHref, type Outcome } from '../layout.js';
import { ALL_STREAM, type EventPage, type PageStart } from '../store-reads.js';

/** What kind of stream this is, in a sentence, so that a learner knows what they are looking at. */
export function describeStream(stream: string): SafeHtml {
  if (stream === ALL_STREAM) return html`Every event of the store in log order, system events and links included.`;
  if (stream.startsWith('$ce-'))
    return html`Category stream: a link to every event of the streams named <code>${stream.slice(4)}-…</code> (system projection <code>$by_category</code>).`;
  if (stream.startsWith('$et-'))
    return html`Event type stream: a link to every <code>${stream.slice(4)}</code> event (system projection <code>$by_event_type</code>).`;
  if (stream.startsWith('$bc-')) {
    return html`Correlation stream: a link to every event whose <code>$correlationId</code> is <code>${stream.slice(4)}</code> (system projection <code>$by_correlation_id</code>). <a href="${bookingHref(stream.slice(4))}">See it as a story</a>.`;
  }
  if (stream.startsWith('$persistentsubscription-') && stream.endsWith('-parked')) {
    return html`Parked messages of a persistent subscription group: links to the events it gave up on. <a href="${BASE}/subscriptions">Replay them from the subscriptions page</a>.`;
  }
  if (stream.startsWith('$persistentsubscription-')) return html`Bookkeeping of a persistent subscription group.`;
  if (stream.startsWith('$$'))
    return html`Metadata stream of <a href="${streamHref(stream.slice(2))}">${stream.slice(2)}</a>: only its latest event counts.`;
  if (stream.startsWith('$projections-')) return html`Bookkeeping of a projection (its checkpoints, state or results).`;
  if (stream.startsWith('$')) return html`A system stream.`;
  if (stream.startsWith('booking-'))
    return html`One booking's stream. <a href="${bookingHref(stream.slice('booking-'.length))}">See its whole story</a> across streams.`;
  return html`An application stream: <a href="${streamHref(`$ce-${stream.split('-')[0]}`)}">its category</a>.`;
}

function pager(stream: string, slice: EventPage, start: PageStart): SafeHtml {
  const atNewest = start.kind === 'newest';
  return html`<nav class="pager" aria-label="Pages of ${stream}">
    <a href="${streamHref(stream)}"${atNewest ? html` aria-disabled="true" class="disabled"` : ''}>« Newest</a>
    ${slice.newer ? html`<a href="${streamHref(stream, `?after=${slice.newer}`)}" rel="prev">‹ Newer</a>` : html`<span class="disabled">‹ Newer</span>`}
    ${slice.older ? html`<a href="${streamHref(stream, `?before=${slice.older}`)}" rel="next">Older ›</a>` : html`<span class="disabled">Older ›</span>`}
    <a href="${streamHref(stream, '?oldest')}">Oldest »</a>
  </nav>`;
}

export function streamPage(stream: string, slice: EventPage, start: PageStart, outcome?: Outcome): SafeHtml {
  const mixed = stream === ALL_STREAM || stream.startsWith('$');
  const onAll = stream === ALL_STREAM;
  // A link's card stands for the event it points to: causations name that event's id.
  const anchors = new Map(slice.events.map((event) => [(event.target ?? event).id, eventAnchor(event, onAll)]));
  const body = html`<div class="page-head">
    <h1><span class="muted">stream</span> ${stream}</h1>
    <a class="button" href="${BASE}/live?stream=${encodeURIComponent(stream)}">Follow live</a>
  </div>
  <p class="lead">${describeStream(stream)}</p>
  ${pager(stream, slice, start)}
  ${
    slice.events.length === 0
      ? html`<p class="empty">No events on this page.</p>`
      : html`<p class="muted">${slice.events.length} events, newest first.</p><div class="events">${slice.events.map((event) => eventCard(event, { showStream: mixed, onAll, anchors }))}</div>`
  }
  ${slice.events.length > 5 ? pager(stream, slice, start) : ''}`;
  return page({ title: stream, section: 'streams', body, outcome });
}

export function notFoundPage(what: string, detail: SafeHtml): SafeHtml {
  const body = html`<h1>Not found: ${what}</h1><p class="lead">${detail}</p>
  <p>Try <a href="${streamHref(ALL_STREAM)}">$all</a> to see what is there, or the search box above.</p>`;
  return page({ title: `Not found: ${what}`, section: 'streams', body });
}
