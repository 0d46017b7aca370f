// A thin client over Node's global fetch that returns status, headers and the parsed JSON body.
export interface Answer<Body = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Body;
}

export async function request<Body = any>(url: string, init: RequestInit = {}): Promise<Answer<Body>> {
  const response = await fetch(url, init);
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  const body = text && type.includes('json') ? (JSON.parse(text) as Body) : (text as Body);
  return { status: response.status, headers: response.headers, body };
}

export function getJson<Body = any>(url: string, headers: Record<string, string> = {}): Promise<Answer<Body>> {
  return request<Body>(url, { headers });
}

export function postJson<Body = any>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer<Body>> {
  return request<Body>(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}
