// Test helpers for the inspector: fetch a page as HTML and as the text a person reads, and put a booking through its life.
import { randomUUID } from 'node:crypto';
import { BookingDriver, seats } from '../processes/booking-driver.js';
import { asOperator } from '../support/credentials.js';

export interface FetchedPage {
  readonly status: number;
  readonly headers: Headers;
  readonly html: string;
  /** The page's text with tags removed and entities decoded, whitespace collapsed: roughly what a reader sees. */
  readonly text: string;
}

const ENTITIES: Record<string, string> = { '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };

export function textOf(markup: string): string {
  return markup
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(lt|gt|quot|#39|amp);/g, (entity) => ENTITIES[entity]!)
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Every request these specs send to the inspector goes through here: the inspector is an operator endpoint, so the
 * operator's credentials (an `Authorization` header) are added in this one place (a spec's own header wins).
 */
export function inspectorFetch(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, {
    redirect: 'manual',
    ...init,
    headers: { ...asOperator(), ...(init.headers as Record<string, string> | undefined) },
  });
}

export async function fetchPage(url: string, init: RequestInit = {}): Promise<FetchedPage> {
  const response = await inspectorFetch(url, init);
  const html = await response.text();
  return { status: response.status, headers: response.headers, html, text: textOf(html) };
}

/** A stream path of the inspector: stream names are URL-encoded (`$all` → `%24all`). */
export const streamPath = (stream: string, query = '') => `/inspector/streams/${encodeURIComponent(stream)}${query}`;

/** Places a booking and pays it; resolves once the view shows it Settled. */
export async function settledBooking(
  url: string,
  concertId = 'rock-night',
  row = 3,
): Promise<{ clientId: string; bookingId: string; paymentId: string }> {
  const driver = new BookingDriver(() => url);
  const clientId = `client-${randomUUID().slice(0, 8)}`;
  const bookingId = await driver.place(clientId, concertId, seats(row, 1, 2), `bk-${randomUUID().slice(0, 8)}`);
  const confirmed = await driver.until(clientId, bookingId, ['Confirmed']);
  const paymentId = `pay-${randomUUID().slice(0, 8)}`;
  await driver.pay(bookingId, confirmed.totalPrice!, paymentId);
  await driver.until(clientId, bookingId, ['Settled']);
  return { clientId, bookingId, paymentId };
}
