// One event as the stream pages show it: where it sits, what it is, what it points to (for a link), its data and metadata.
import { html, prettyJson, type SafeHtml } from './html.js';
import { bookingHref, streamHref } from './layout.js';
import type { ShownEvent, TargetEvent } from './store-reads.js';

/** The metadata keys that tie events together; the rest of the metadata is shown as it is. */
export function causality(metadata: unknown): { correlationId: string | null; causationId: string | null } {
  const record = metadata !== null && typeof metadata === 'object' ? (metadata as Record<string, unknown>) : {};
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  return { correlationId: text(record.$correlationId), causationId: text(record.$causationId) };
}

/** Seconds with milliseconds, in UTC: events of one booking are often milliseconds apart. */
export const timeOf = (date: Date): string => date.toISOString().replace('T', ' ').replace('Z', ' UTC');

/** A stream's category is the text before its first '-', as `$by_category` cuts it. */
export function categoryOf(stream: string): string {
  const dash = stream.indexOf('-');
  return dash > 0 ? stream.slice(0, dash) : stream;
}

/** An event's anchor on its stream's page; on `$all`, where revisions of different streams repeat, its position. */
export const eventAnchor = (
  event: { revision: bigint; position?: { commit: bigint } | null },
  onAll = false,
): string => (onAll && event.position ? `pos-${event.position.commit}` : `ev-${event.revision}`);

function streamLink(event: TargetEvent): SafeHtml {
  return html`<a href="${streamHref(event.stream, `?before=${event.revision + 1n}#${eventAnchor(event)}`)}">${event.stream}</a>`;
}

/** Anchors of the events on the same page, by event id: a causation among them becomes a link to it. */
export type PageAnchors = ReadonlyMap<string, string>;

function correlationLinks(metadata: unknown, anchors: PageAnchors): SafeHtml {
  const { correlationId, causationId } = causality(metadata);
  const cause = causationId === null ? undefined : anchors.get(causationId);
  if (!correlationId && !causationId) return html``;
  return html`<dl class="causality">
    ${correlationId ? html`<dt>correlation</dt><dd><a href="${bookingHref(correlationId)}">${correlationId}</a> · <a href="${streamHref(`$bc-${correlationId}`)}">$bc-${correlationId}</a></dd>` : ''}
    ${causationId ? html`<dt>causation</dt><dd>${cause ? html`<a href="#${cause}"><code>${causationId}</code></a> (on this page)` : html`<code>${causationId}</code>`}</dd>` : ''}
  </dl>`;
}

const shownJson = (value: unknown) => (value === undefined || value === '' ? '(none)' : prettyJson(value));

function payload(event: TargetEvent): SafeHtml {
  return html`<div class="payload">
    <section><h4>data</h4><pre class="json">${shownJson(event.data)}</pre></section>
    <section><h4>metadata</h4><pre class="json">${shownJson(event.metadata)}</pre></section>
  </div>`;
}

/**
 * `showStream`: on `$all` and other mixed pages, the stream each event belongs to is worth a column.
 * `onAll`: data and metadata behind a click, so that the long mixed page can be scanned; anchors by position.
 */
export function eventCard(
  event: ShownEvent,
  { showStream, onAll = false, anchors = new Map() }: { showStream: boolean; onAll?: boolean; anchors?: PageAnchors },
): SafeHtml {
  const target = event.target;
  const body = (shown: TargetEvent) =>
    onAll ? html`<details><summary>data and metadata</summary>${payload(shown)}</details>` : payload(shown);
  const shownType = target ? target.type : event.type;
  return html`<article class="event cat-${categoryOf(target?.stream ?? event.stream).replace(/[^a-z0-9]/gi, '')}" id="${eventAnchor(event, onAll)}">
  <header>
    <span class="rev" title="revision in this stream">#${event.revision}</span>
    <h3 class="type">${shownType}</h3>
    ${showStream && target === undefined ? html`<a class="in-stream" href="${streamHref(event.stream)}">${event.stream}</a>` : ''}
    <time datetime="${event.created.toISOString()}">${timeOf(event.created)}</time>
  </header>
  ${
    target === undefined
      ? html`${correlationLinks(event.metadata, anchors)}${body(event)}`
      : target === null
        ? html`<p class="link-note">A link (<code>${event.type}</code>) to <code>${shownJson(event.data)}</code>, whose event is gone (deleted or truncated).</p>`
        : html`<p class="link-note">A link to ${event.via ? html`<code>${event.via.stream}</code> #${event.via.revision}, itself a link to ` : ''}${streamLink(target)} <span class="rev">#${target.revision}</span>: the event below.</p>
          ${correlationLinks(target.metadata, anchors)}${body(target)}`
  }
  <p class="ids">event id <code>${event.id}</code>${event.position ? html` · position <code>${event.position.commit}</code>` : ''}</p>
</article>`;
}
