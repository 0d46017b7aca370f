// One raw HTTP/1.1 exchange over a socket, for requests fetch will not send as they are (broken encodings, huge
// request lines, odd Expect headers): the answer's status, headers and body, read until the server closes.
import { connect } from 'node:net';
import { testSigner } from './credentials.js';

export interface RawAnswer {
  readonly status: number;
  /** Lower-case names. */
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function rawRequest(url: string, request: string | Buffer): Promise<RawAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(request));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: rest.join('\r\n\r\n') });
    });
  });
}

/**
 * A request as text, with the credentials its path's legitimate caller would send (as test/support/http.ts adds them)
 * and Connection: close. A path the signer cannot read (broken percent-encoding) goes without.
 */
export async function signedRequest(
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<Buffer> {
  const credentials = await testSigner.headersFor(method, path, body ?? '').catch(() => ({}));
  const all: Record<string, string> = { host: 'test', connection: 'close', ...credentials };
  if (body !== undefined)
    Object.assign(all, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) });
  for (const [name, value] of Object.entries(headers)) all[name.toLowerCase()] = value;
  const head = [`${method} ${path} HTTP/1.1`, ...Object.entries(all).map(([name, value]) => `${name}: ${value}`)].join(
    '\r\n',
  );
  return Buffer.concat([Buffer.from(`${head}\r\n\r\n`), Buffer.from(body ?? '')]);
}
