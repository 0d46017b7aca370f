// /inspector/subscriptions: every persistent subscription group; /inspector/subscriptions/:stream/:group: one group, its parked messages, replay.
import { eventCard } from '../event-view.js';
import { html, type SafeHtml } from '../html.js';
import { BASE, page, streamHref, type Outcome } from '../layout.js';
import type { EventPage } from '../store-reads.js';
import { parkedStreamOf, type GroupSummary } from '../subscription-reads.js';

export const groupHref = (stream: string, group: string): string =>
  `${BASE}/subscriptions/${encodeURIComponent(stream)}/${encodeURIComponent(group)}`;

/** A plain form with no fields: the POST carries nothing but its URL, so no body parser is involved. */
function replayButton(group: GroupSummary): SafeHtml {
  return html`<form method="post" action="${groupHref(group.stream, group.group)}/replay" class="inline">
    <button type="submit"${group.parked === 0 ? html` disabled title="nothing parked"` : ''}>Replay ${group.parked} parked</button>
  </form>`;
}

const statusBadge = (status: string) =>
  html`<span class="badge ${/^live/i.test(status) ? 'ok' : 'warn'}">${status}</span>`;

export function subscriptionsPage(groups: readonly GroupSummary[], outcome?: Outcome): SafeHtml {
  const body = html`<h1>Persistent subscriptions</h1>
  <p class="lead">Every consumer group the server knows, as it reports them. Checkpoints and last events are revisions of the stream a group reads, or commit positions for a group on <code>$all</code>.</p>
  <div class="table-scroll"><table>
    <thead><tr><th scope="col">group</th><th scope="col">stream</th><th scope="col">status</th><th scope="col" class="n">checkpoint</th><th scope="col" class="n">last event</th><th scope="col" class="n">in flight</th><th scope="col" class="n">retrying</th><th scope="col" class="n">parked</th><th scope="col" class="n">consumers</th><th scope="col">parked messages</th></tr></thead>
    <tbody>${groups.map(
      (group) => html`<tr>
      <th scope="row"><a href="${groupHref(group.stream, group.group)}">${group.group}</a></th>
      <td><a href="${streamHref(group.stream)}">${group.stream}</a></td>
      <td>${statusBadge(group.status)}</td>
      <td class="n">${group.checkpoint ?? '—'}</td>
      <td class="n">${group.lastEvent ?? '—'}</td>
      <td class="n">${group.inFlight}</td>
      <td class="n" title="in the retry buffer; parked after ${group.maxRetryCount} retries">${group.retryBuffer}</td>
      <td class="n"><span class="${group.parked > 0 ? 'alert' : ''}">${group.parked}</span></td>
      <td class="n">${group.consumers}</td>
      <td>${replayButton(group)}</td>
    </tr>`,
    )}</tbody>
  </table></div>
  ${groups.length === 0 ? html`<p class="empty">No persistent subscription groups.</p>` : ''}`;
  return page({ title: 'Subscriptions', section: 'subscriptions', body, outcome });
}

export function groupPage(group: GroupSummary, parked: EventPage, outcome?: Outcome): SafeHtml {
  const parkedStream = parkedStreamOf(group.stream, group.group);
  const body = html`<div class="page-head"><h1><span class="muted">group</span> ${group.group} <span class="muted">on</span> ${group.stream}</h1>${replayButton(group)}</div>
  <div class="grid two">
    <section class="panel"><h2>Now</h2><dl class="facts">
      <dt>status</dt><dd>${statusBadge(group.status)}</dd>
      <dt>checkpoint</dt><dd>${group.checkpoint ?? '—'}</dd>
      <dt>last event</dt><dd>${group.lastEvent ?? '—'}</dd>
      <dt>in flight</dt><dd>${group.inFlight}</dd>
      <dt>waiting on the server</dt><dd>${group.waiting}</dd>
      <dt>retrying</dt><dd>${group.retryBuffer} (parked after ${group.maxRetryCount} retries)</dd>
      <dt>parked</dt><dd>${group.parked}</dd>
      <dt>consumers</dt><dd>${group.connections.length === 0 ? 'none' : html`<ul class="plain">${group.connections.map((connection) => html`<li><code>${connection.name || connection.from}</code> · ${connection.inFlight} in flight · ${connection.totalItems} handled</li>`)}</ul>`}</dd>
    </dl></section>
    <section class="panel"><h2>Settings</h2><dl class="facts small">${Object.entries(group.settings).map(([key, value]) => html`<dt>${key}</dt><dd><code>${value}</code></dd>`)}</dl></section>
  </div>
  <h2>Parked messages</h2>
  <p class="muted">The newest ones, read from <a href="${streamHref(parkedStream)}">${parkedStream}</a>: links to the events this group gave up on after its retries. A replay hands them to the consumers again; it does not remove the links from the log, it moves the stream's start past them.</p>
  ${parked.events.length === 0 ? html`<p class="empty">Nothing parked.</p>` : html`<div class="events">${parked.events.map((event) => eventCard(event, { showStream: false }))}</div>`}`;
  return page({ title: `${group.group} on ${group.stream}`, section: 'subscriptions', body, outcome });
}
