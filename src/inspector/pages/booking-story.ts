// /inspector/bookings/:bookingId: the booking's process as a sequence diagram of its real events, with the MongoDB view beside it.
import { categoryOf, timeOf } from '../event-view.js';
import { html, prettyJson, type SafeHtml } from '../html.js';
import { BASE, page, streamHref } from '../layout.js';
import { MAX_STORY_EVENTS, type BookingStory, type StoryStep } from '../story-reads.js';

/** The diagram's CSS draws up to this many columns (the outside plus the streams); more streams share the last one. */
export const MAX_LANES = 8;

/** Which process turns an event of this type into the next steps: the label on the arrow it starts. */
const PROCESS_OF: Readonly<Record<string, string>> = {
  BookingPlaced: 'booking confirmation',
  PaymentSucceeded: 'booking payment',
  BookingExpired: 'ticket release',
  BookingCancelled: 'ticket release',
};

const money = (cents: unknown): string =>
  typeof cents === 'number'
    ? (cents / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : '—';

/** Outside causes carry only an id (a request's or an expirer tick's): the event type tells which. */
const outsider = (step: StoryStep) => (step.event.type === 'BookingExpired' ? 'expirer tick' : 'request');

const ordinal = (step: number) => html`<span class="num">${step}</span>`;

/** Column 1 is the outside world (requests, the expirer); stream lanes follow. */
const columnOf = (lane: number) => Math.min(lane + 2, MAX_LANES);

function arrow(step: StoryStep, steps: readonly StoryStep[]): SafeHtml {
  const to = columnOf(step.lane);
  const cause = step.cause;
  const from = cause.kind === 'event' ? columnOf(steps[cause.step - 1]!.lane) : 1;
  const label =
    cause.kind === 'event'
      ? (PROCESS_OF[steps[cause.step - 1]!.event.type] ?? 'caused')
      : cause.kind === 'outside'
        ? outsider(step)
        : '';
  if (from === to)
    return html`<span class="arrow self col-${to}" aria-hidden="true"><span class="label">${label}</span></span>`;
  const [low, high] = from < to ? [from, to] : [to, from];
  return html`<span class="arrow from-${low} span-${high - low + 1} ${from < to ? 'right' : 'left'}" aria-hidden="true"><span class="label">${label}</span></span>`;
}

function causeText(step: StoryStep, steps: readonly StoryStep[]): SafeHtml {
  const cause = step.cause;
  if (cause.kind === 'event') {
    const by = steps[cause.step - 1]!;
    return html`caused by <a href="#step-${by.step}">${ordinal(by.step)} ${by.event.type}</a>`;
  }
  if (cause.kind === 'outside')
    return html`caused by <span class="outside">${outsider(step)} <code title="${cause.id}">${cause.id.length > 12 ? `${cause.id.slice(0, 8)}…` : cause.id}</code></span>`;
  return html`no causation id`;
}

function stepItem(step: StoryStep, steps: readonly StoryStep[], started: number): SafeHtml {
  const { event } = step;
  const since = event.created.getTime() - started;
  return html`<li class="step" id="step-${step.step}">
  ${arrow(step, steps)}
  <article class="card col-${columnOf(step.lane)} cat-${categoryOf(event.stream).replace(/[^a-z0-9]/gi, '')}">
    <header>${ordinal(step.step)} <h3>${event.type}</h3></header>
    <p class="where"><a href="${streamHref(event.stream, `?before=${event.revision + 1n}#ev-${event.revision}`)}">${event.stream} <span class="rev">#${event.revision}</span></a>
      <time datetime="${event.created.toISOString()}" title="${timeOf(event.created)}">${step.step === 1 ? timeOf(event.created) : `+${since.toLocaleString('en-US')} ms`}</time></p>
    <p class="why">${causeText(step, steps)}</p>
    ${step.led.length > 0 ? html`<p class="led">led to ${step.led.map((led) => html`<a href="#step-${led}">${ordinal(led)} ${steps[led - 1]!.event.type}</a> `)}</p>` : ''}
    <details><summary>data</summary><pre class="json">${prettyJson(event.data)}</pre><pre class="json meta">${prettyJson(event.metadata)}</pre></details>
  </article>
</li>`;
}

function diagram(story: BookingStory): SafeHtml {
  const columns = Math.min(story.lanes.length + 1, MAX_LANES);
  const started = story.steps[0]?.event.created.getTime() ?? 0;
  return html`<section class="story" aria-labelledby="story-title">
  <h2 id="story-title">The process, event by event</h2>
  <p class="muted">Read from <a href="${streamHref(`$bc-${story.bookingId}`)}">$bc-${story.bookingId}</a>: every event whose <code>$correlationId</code> is this booking, in the order they were written, one lane per stream. Each arrow starts at what caused the event (<code>$causationId</code>).</p>
  <div class="lanes-scroll">
  <div class="lanes lanes-${columns}">
    <div class="lane-heads">
      <div class="lane-head col-1 outside"><strong>outside</strong><span>API requests, expirer</span></div>
      ${story.lanes.map((lane, index) => html`<div class="lane-head col-${columnOf(index)} cat-${categoryOf(lane).replace(/[^a-z0-9]/gi, '')}"><a href="${streamHref(lane)}"><strong>${categoryOf(lane)}</strong><span>${lane}</span></a></div>`)}
    </div>
    <ol class="steps">${story.steps.map((step) => stepItem(step, story.steps, started))}</ol>
  </div>
  </div>
  ${story.truncated ? html`<p class="note">Only the first ${MAX_STORY_EVENTS} events are drawn; <a href="${streamHref(`$bc-${story.bookingId}`, '?oldest')}">page through the rest</a>.</p>` : ''}
</section>`;
}

function consistency(story: BookingStory): SafeHtml {
  const { view, streamRevision } = story;
  if (streamRevision === null) return html`<p class="badge warn">No stream booking-${story.bookingId}</p>`;
  if (!view) return html`<p class="badge warn">Not in the view yet: the stream is at revision ${streamRevision}</p>`;
  const behind = Number(streamRevision) - view.version;
  return behind <= 0
    ? html`<p class="badge ok">Caught up: view version ${view.version} = stream revision ${streamRevision}</p>`
    : html`<p class="badge warn">Behind by ${behind}: view version ${view.version}, stream revision ${streamRevision} (eventual consistency)</p>`;
}

/** The view fields that move with the process; the whole document is one click away. */
const VIEW_FIELDS = ['status', 'version', 'totalPrice', 'expiresAt', 'paymentId', 'reason', 'updatedAt'] as const;

function viewPanel(story: BookingStory): SafeHtml {
  const { view } = story;
  return html`<section class="view-panel" aria-labelledby="view-title">
  <div>
    <h2 id="view-title">The MongoDB view</h2>
    <p class="muted">Document <code>${story.bookingId}</code> of <code>bookings</code>: what <code>GET /clients/:clientId/bookings</code> answers, folded from the stream by the booking view, a moment after the events.</p>
    ${consistency(story)}
    <dl class="facts">
      <dt>view checkpoint</dt><dd>${story.viewCheckpoint ? html`position <code>${story.viewCheckpoint.commit}</code>` : 'none yet'}</dd>
      <dt>last in $all</dt><dd>${story.lastPosition ? html`position <code>${story.lastPosition.commit}</code>` : '—'}</dd>
    </dl>
  </div>
  ${
    view
      ? html`<div>
    <table class="doc-fields"><tbody>${VIEW_FIELDS.map((field) => html`<tr><th scope="row">${field}</th><td><code>${prettyJson(view[field] ?? null)}</code></td></tr>`)}</tbody></table>
    <details><summary>the whole document</summary><pre class="json doc">${prettyJson(view)}</pre></details>
  </div>`
      : ''
  }
</section>`;
}

function summary(story: BookingStory): SafeHtml {
  const view = story.view;
  const placed = story.steps.find((step) => step.event.type === 'BookingPlaced')?.event.data as
    { clientId?: unknown; concertId?: unknown; seats?: unknown } | undefined;
  const seats = Array.isArray(placed?.seats)
    ? (placed.seats as { row?: unknown; number?: unknown }[])
        .map((seat) => `${String(seat.row)}-${String(seat.number)}`)
        .join(', ')
    : '—';
  return html`<dl class="summary">
    <div><dt>status</dt><dd><span class="status status-${view?.status ?? 'unknown'}">${view?.status ?? 'not in the view'}</span></dd></div>
    <div><dt>client</dt><dd>${String(view?.clientId ?? placed?.clientId ?? '—')}</dd></div>
    <div><dt>concert</dt><dd>${String(view?.concertId ?? placed?.concertId ?? '—')}</dd></div>
    <div><dt>seats (row-number)</dt><dd>${seats}</dd></div>
    <div><dt>total</dt><dd>${money(view?.totalPrice)}</dd></div>
    <div><dt>events</dt><dd>${story.steps.length} in ${story.lanes.length} streams</dd></div>
  </dl>`;
}

export function bookingStoryPage(story: BookingStory): SafeHtml {
  const live = `${BASE}/live/events?stream=${encodeURIComponent(`$bc-${story.bookingId}`)}`;
  const body = html`<div class="page-head">
    <h1><span class="muted">booking</span> ${story.bookingId}</h1>
    <p class="live-state" data-live-reload="${live}" role="status" aria-live="polite">live: reloads when the process writes</p>
  </div>
  ${summary(story)}
  ${viewPanel(story)}
  ${diagram(story)}`;
  return page({ title: `Booking ${story.bookingId}`, section: 'bookings', body, scripts: [`${BASE}/assets/live.js`] });
}
