// /inspector: the servers, the head of `$all`, the streams written last, the processes, the booking view and the projections.
import type { Position } from '@eventstore/db-client';
import type { ProcessesReport } from '../../processes/start-processes.js';
import { timeOf } from '../event-view.js';
import { html, type SafeHtml } from '../html.js';
import { BASE, bookingHref, page, streamHref } from '../layout.js';
import type { ProjectionSummary } from '../projection-reads.js';
import type { ServersShown } from '../servers-shown.js';
import { ALL_STREAM, type ShownEvent } from '../store-reads.js';
import { groupHref } from './subscriptions.js';

export interface DashboardFacts {
  readonly servers: ServersShown;
  readonly lastPosition: Position | null;
  readonly recent: readonly ShownEvent[];
  readonly processes: ProcessesReport | null;
  readonly projections: readonly ProjectionSummary[];
}

const statusClass = (status: string) =>
  /^(live|running)/i.test(status) ? 'ok' : /fault|unknown|stopped/i.test(status) ? 'bad' : 'warn';

function servers({ eventStore, mongo }: ServersShown): SafeHtml {
  return html`<section class="panel" aria-labelledby="servers-title">
  <h2 id="servers-title">Servers</h2>
  <dl class="facts">
    <dt>EventStoreDB</dt><dd>${eventStore.embedded ? html`<strong>embedded</strong>, in a worker thread of this service (${eventStore.keptOnDisk ? 'events kept on disk' : 'memory only'}), ` : html`<strong>external</strong>, `}<code>${eventStore.address}</code></dd>
    <dt>MongoDB</dt><dd>${mongo.embedded ? html`<strong>embedded</strong> (memory only: the view is rebuilt from the events at each start), ` : html`<strong>external</strong>, `}<code>${mongo.address}</code>, database <code>${mongo.database}</code></dd>
  </dl>
</section>`;
}

function processes(report: ProcessesReport | null): SafeHtml {
  if (!report)
    return html`<section class="panel"><h2>Processes</h2><p class="empty">This service runs no processes.</p></section>`;
  const view = report.view;
  return html`<section class="panel processes" aria-labelledby="processes-title">
  <h2 id="processes-title">Processes</h2>
  <div class="table-scroll"><table>
    <thead><tr><th scope="col">process</th><th scope="col">reads</th><th scope="col">status</th><th scope="col" class="n">in flight</th><th scope="col" class="n">parked</th><th scope="col" class="n">lag</th></tr></thead>
    <tbody>
    ${report.processes.map(
      (process) => html`<tr>
        <th scope="row"><a href="${groupHref(process.subscription.stream, process.subscription.group)}">${process.name}</a></th>
        <td><a href="${streamHref(process.subscription.stream)}">${process.subscription.stream}</a>${'eventTypes' in process.subscription && process.subscription.eventTypes ? html` <span class="muted">(${process.subscription.eventTypes.join(', ')})</span>` : ''}</td>
        <td><span class="badge ${statusClass(process.status)}">${process.status}</span></td>
        <td class="n">${'inFlight' in process ? process.inFlight : '—'}</td>
        <td class="n">${'parked' in process ? html`<span class="${process.parked > 0 ? 'alert' : ''}">${process.parked}</span>` : '—'}</td>
        <td class="n">${'lag' in process ? process.lag : '—'}</td>
      </tr>`,
    )}
    <tr>
      <th scope="row">${view.name}</th>
      <td><a href="${streamHref(ALL_STREAM)}">$all</a> <span class="muted">(${view.subscription.filter}, catch-up, checkpoint in MongoDB)</span></td>
      <td><span class="badge ${view.subscription.subscribed ? 'ok' : 'bad'}">${view.subscription.subscribed ? (view.subscription.caughtUp ? 'live' : 'catching up') : 'not subscribed'}</span></td>
      <td class="n">${view.inFlight}</td>
      <td class="n">—</td>
      <td class="n">${view.lag ?? '—'}${view.lagMs === null || view.lagMs === undefined ? '' : html` <span class="muted">(${view.lagMs} ms)</span>`}</td>
    </tr>
    </tbody>
  </table></div>
  <p class="muted">Lag: events after the checkpoint (the booking view's: booking events after its checkpoint, which it writes at most once a second). <a href="${BASE}/subscriptions">Every subscription group</a>.</p>
</section>`;
}

function recent(events: readonly ShownEvent[]): SafeHtml {
  return html`<section class="panel" aria-labelledby="recent-title">
  <h2 id="recent-title">Streams written last</h2>
  ${
    events.length === 0
      ? html`<p class="empty">No application events yet.</p>`
      : html`<ol class="recent">${events.map(
          (event) => html`<li><a href="${streamHref(event.stream)}">${event.stream}</a>
            ${event.stream.startsWith('booking-') ? html`<a class="chip" href="${bookingHref(event.stream.slice('booking-'.length))}">story</a>` : ''}
            <span class="muted small">${event.type === '$>' ? 'link' : event.type} · <time datetime="${event.created.toISOString()}">${timeOf(event.created)}</time></span></li>`,
        )}</ol>`
  }
</section>`;
}

function projections(list: readonly ProjectionSummary[]): SafeHtml {
  return html`<section class="panel" aria-labelledby="projections-title">
  <h2 id="projections-title">Projections</h2>
  <ul class="plain">${list.map(
    (projection) =>
      html`<li><a href="${BASE}/projections/${encodeURIComponent(projection.name)}">${projection.name}</a> <span class="badge ${statusClass(projection.status)}">${projection.status}</span> <span class="muted">${projection.progress}%</span></li>`,
  )}</ul>
</section>`;
}

export function dashboardPage(facts: DashboardFacts): SafeHtml {
  const body = html`<div class="page-head"><h1>Dashboard</h1>
    <p class="head-fact">$all is at position <a href="${streamHref(ALL_STREAM)}"><code>${facts.lastPosition ? facts.lastPosition.commit : 'none (empty store)'}</code></a></p></div>
  <form class="big-search" action="${BASE}/search" method="get" role="search">
    <label for="dashboard-q">Open a stream by name, or a booking by id</label>
    <div><input id="dashboard-q" name="q" placeholder="e.g. alice-1, booking-alice-1, $ce-booking" autocomplete="off" spellcheck="false"><button type="submit">Open</button></div>
  </form>
  ${processes(facts.processes)}
  <div class="grid two">
    ${recent(facts.recent)}
    <div class="stack">${servers(facts.servers)}${projections(facts.projections)}</div>
  </div>`;
  return page({ title: 'Dashboard', section: 'dashboard', body });
}
