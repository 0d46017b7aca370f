// A thin client over Node's global fetch that returns status, headers and the parsed JSON body. Each request carries
// the credentials a legitimate caller of its path would send (test/support/credentials.ts), unless it brings its own
// Authorization / Payment-Signature header or asks for none with `{ credentials: 'none' }`.
import { testSigner } from './credentials.js';

export interface Answer<Body = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
}

export interface RequestOptions {
  /** 'signed' (the default): as the path's legitimate caller; 'none': exactly the headers given. */
  readonly credentials?: 'signed' | 'none';
}

async function signed(url: string, init: RequestInit): Promise<RequestInit> {
  const headers = new Headers(init.headers);
  if (headers.has('authorization') || headers.has('payment-signature')) return init;
  const body = typeof init.body === 'string' || init.body instanceof Uint8Array ? Buffer.from(init.body) : '';
  for (const [name, value] of Object.entries(
    await testSigner.headersFor(init.method ?? 'GET', new URL(url).pathname, body),
  ))
    headers.set(name, value);
  return { ...init, headers };
}

export async function request<Body = any>(
  url: string,
  init: RequestInit = {},
  options: RequestOptions = {},
): Promise<Answer<Body>> {
  const response = await fetch(url, options.credentials === 'none' ? init : await signed(url, init));
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const body = text && type.includes('json') ? (JSON.parse(text) as Body) : (text as Body);
  return { status: response.status, headers: response.headers, body };
}

export function getJson<Body = any>(
  url: string,
  headers: Record<string, string> = {},
  options: RequestOptions = {},
): Promise<Answer<Body>> {
  return request<Body>(url, { headers }, options);
}

export function postJson<Body = any>(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
  options: RequestOptions = {},
): Promise<Answer<Body>> {
  return request<Body>(
    url,
    { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) },
    options,
  );
}
