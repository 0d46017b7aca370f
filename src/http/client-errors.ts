// Malformed requests as problem documents: what express and its body parser throw for them, and what Node's HTTP
// parser refuses before express sees a request (431, 400, 408, 417), answered on the raw connection.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'winston';
import { HttpProblem, problemDocument } from './problem.js';
import { requestIdFor } from './request-id.js';

/**
 * The client's failures that express and body-parser report as bare errors with a `status`: a path segment whose
 * percent-encoding is not UTF-8 (the router's URIError), a body that is not encoded as its Content-Encoding says
 * (zlib's errors), a Content-Encoding the parser does not know. Anything else: undefined.
 */
export function malformedRequestProblem(error: unknown): HttpProblem | undefined {
  if (!(error instanceof Error)) return undefined;
  const failure = error as Error & { status?: unknown; type?: unknown; code?: unknown; errno?: unknown };
  if (error instanceof URIError && failure.status === 400) {
    return new HttpProblem(400, 'ValidationFailed', 'A path segment is not valid percent-encoded UTF-8', [
      { field: 'path', message: 'is not valid percent-encoded UTF-8' },
    ]);
  }
  if (failure.type === 'encoding.unsupported') {
    return new HttpProblem(
      415,
      'UnsupportedContentEncoding',
      'The body must be sent as is, or in gzip, deflate or br',
      [{ field: 'header.content-encoding', message: 'must be gzip, deflate, br or identity' }],
    );
  }
  // zlib's errors (Z_DATA_ERROR, brotli's ERR__…), turned into a 400 by body-parser but without a `type`.
  if (
    failure.status === 400 &&
    failure.type === undefined &&
    typeof failure.code === 'string' &&
    typeof failure.errno === 'number'
  ) {
    return new HttpProblem(400, 'BodyNotDecodable', 'The body is not encoded as its Content-Encoding says', [
      { field: 'header.content-encoding', message: 'does not match the body' },
    ]);
  }
  return undefined;
}

/** What Node's parser refuses, by its error code: the status and the problem's code. */
const parserRefusals: Record<string, { status: number; code: string; detail: string }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'HeadersTooLarge',
    detail: 'The request line and headers must stay under 16 kB',
  },
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'RequestTimeout',
    detail: 'The request was not received in time',
  },
};
const malformedHttp = {
  status: 400,
  code: 'MalformedRequest',
  detail: 'The request is not valid HTTP/1.1',
};

/** A problem document written straight to a socket, for when there is no express response to write it with. */
export function rawProblem(
  status: number,
  code: string,
  detail: string,
  headers: Readonly<Record<string, string>> = {},
): string {
  const requestId = randomUUID();
  const document = problemDocument({ status, code, detail, requestId });
  const body = JSON.stringify(document);
  const lines = [
    `HTTP/1.1 ${status} ${document.title}`,
    'Content-Type: application/problem+json; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    `X-Request-Id: ${requestId}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    'Connection: close',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

/**
 * Answers Node's own refusals with a problem document where the connection allows: nothing when the socket is gone
 * or an answer is already on its way (a second status line would corrupt it), else one answer and the socket closed.
 */
export function answerClientErrors(server: Server, logger: Logger): void {
  server.on('clientError', (error: Error & { code?: string }, socket: Socket) => {
    const busy = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || busy?.headersSent) {
      socket.destroy();
      return;
    }
    const refusal = (error.code && parserRefusals[error.code]) || malformedHttp;
    logger.info('request refused by the HTTP parser', {
      status: refusal.status,
      code: refusal.code,
      parserCode: error.code,
    });
    socket.end(rawProblem(refusal.status, refusal.code, refusal.detail));
  });
  // Any Expect other than 100-continue: Node would answer an empty 417; this says why.
  server.on('checkExpectation', (req: IncomingMessage, res: ServerResponse) => {
    // A whole request was read, so its X-Request-Id is honoured as on every other answer.
    const offered = req.headers['x-request-id'];
    const requestId = requestIdFor(typeof offered === 'string' ? offered : undefined);
    const body = JSON.stringify(
      problemDocument({
        status: 417,
        code: 'ExpectationFailed',
        detail: 'Only "Expect: 100-continue" is supported',
        requestId,
        errors: [{ field: 'header.expect', message: 'must be 100-continue or absent' }],
      }),
    );
    logger.info('request refused', { method: req.method, status: 417, code: 'ExpectationFailed', requestId });
    res.writeHead(417, {
      'Content-Type': 'application/problem+json; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      'X-Request-Id': requestId,
      Connection: 'close',
    });
    res.end(body);
  });
}
