// /inspector/projections: every projection with status, position and mode; /inspector/projections/:name: its state, result, partitions, source, actions.
import { html, prettyJson, type SafeHtml } from '../html.js';
import { BASE, page, type Outcome } from '../layout.js';
import type { ProjectionAction, ProjectionDetail, ProjectionSummary } from '../projection-reads.js';

export const projectionHref = (name: string): string => `${BASE}/projections/${encodeURIComponent(name)}`;

const statusClass = (status: string) => (/^running/i.test(status) ? 'ok' : /fault/i.test(status) ? 'bad' : 'warn');

const ACTIONS: readonly { action: ProjectionAction; label: string; why: string }[] = [
  { action: 'disable', label: 'Disable', why: 'stops it where it is' },
  { action: 'enable', label: 'Enable', why: 'runs it on from where it stopped' },
  { action: 'reset', label: 'Reset', why: 'forgets its state and runs it again from the first event' },
];

function actions(name: string): SafeHtml {
  return html`<div class="actions">${ACTIONS.map(
    ({ action, label, why }) =>
      html`<form method="post" action="${projectionHref(name)}/${action}" class="inline"><button type="submit" class="${action === 'reset' ? 'danger' : ''}" title="${why}">${label}</button></form>`,
  )}</div>`;
}

export function projectionsPage(projections: readonly ProjectionSummary[], outcome?: Outcome): SafeHtml {
  const body = html`<h1>Projections</h1>
  <p class="lead">Every continuous projection on the server: the system ones it runs, and this service's own from <code>projections/</code>.</p>
  <div class="table-scroll"><table>
    <thead><tr><th scope="col">projection</th><th scope="col">status</th><th scope="col">mode</th><th scope="col">position</th><th scope="col" class="n">progress</th><th scope="col" class="n">events since start</th><th scope="col">actions</th></tr></thead>
    <tbody>${projections.map(
      (projection) => html`<tr>
      <th scope="row"><a href="${projectionHref(projection.name)}">${projection.name}</a></th>
      <td><span class="badge ${statusClass(projection.status)}">${projection.status}</span>${projection.reason ? html` <span class="muted">${projection.reason}</span>` : ''}</td>
      <td>${projection.mode}</td>
      <td><code>${projection.position}</code></td>
      <td class="n">${projection.progress}%</td>
      <td class="n">${projection.eventsProcessed}</td>
      <td>${actions(projection.name)}</td>
    </tr>`,
    )}</tbody>
  </table></div>`;
  return page({ title: 'Projections', section: 'projections', body, outcome });
}

function partitions(detail: ProjectionDetail): SafeHtml {
  if (!detail.partitioned && detail.partitions.length === 0) return html``;
  return html`<section aria-labelledby="partitions-title">
  <h2 id="partitions-title">Partitions</h2>
  <p class="muted">${detail.name === 'concert-sales' ? 'One partition per concert stream (and a small one per booking stream, which remembers its concert and total).' : 'A partitioned projection keeps one state per partition.'} The gRPC API cannot list partitions: ask for one by name.</p>
  <form method="get" action="${projectionHref(detail.name)}" class="inline-form">
    <label for="partition">partition</label>
    <input id="partition" name="partition" placeholder="e.g. concert-rock-night" spellcheck="false">
    <button type="submit">Show</button>
  </form>
  <div class="grid two">${detail.partitions.map(
    (partition) => html`<section class="panel"><h3><code>${partition.name}</code></h3>
      <h4>state</h4><pre class="json">${prettyJson(partition.state)}</pre>
      <h4>result</h4><pre class="json">${prettyJson(partition.result)}</pre></section>`,
  )}</div>
</section>`;
}

export function projectionPage(detail: ProjectionDetail, outcome?: Outcome): SafeHtml {
  const body = html`<div class="page-head"><h1><span class="muted">projection</span> ${detail.name}</h1>${actions(detail.name)}</div>
  <dl class="summary">
    <div><dt>status</dt><dd><span class="badge ${statusClass(detail.status)}">${detail.status}</span></dd></div>
    <div><dt>mode</dt><dd>${detail.mode}</dd></div>
    <div><dt>position</dt><dd><code>${detail.position}</code></dd></div>
    <div><dt>progress</dt><dd>${detail.progress}%</dd></div>
    <div><dt>events since start</dt><dd>${detail.eventsProcessed}</dd></div>
    <div><dt>partitions cached</dt><dd>${detail.partitionsCached}</dd></div>
  </dl>
  ${detail.reason ? html`<p class="note">${detail.reason}</p>` : ''}
  <div class="grid two">
    <section class="panel"><h2>State</h2><pre class="json">${prettyJson(detail.state)}</pre></section>
    <section class="panel"><h2>Result</h2><pre class="json">${prettyJson(detail.result)}</pre></section>
  </div>
  ${partitions(detail)}
  <section aria-labelledby="source-title"><h2 id="source-title">Source</h2>
  ${detail.source === null ? html`<p class="muted">Not one of this service's projections (no <code>projections/${detail.name}.js</code>).</p>` : html`<p class="muted"><code>projections/${detail.name}.js</code></p><pre class="source">${detail.source}</pre>`}
  </section>`;
  return page({ title: detail.name, section: 'projections', body, outcome });
}
