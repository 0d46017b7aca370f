// Malformed requests are the client's fault, so each is a 4xx problem document, never a 500 or an empty answer:
// bodies that are not encoded as they say, broken percent-encoding in a path, and what Node's own parser refuses.
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { rawRequest, signedRequest, type RawAnswer } from '../support/raw-http.js';
import { startTestService, type TestService } from '../support/service.js';

const booking = JSON.stringify({ concertId: 'rock-night', seats: [{ row: 29, number: 1 }] });

const post = (path: string, body: string | Buffer, headers: Record<string, string>) =>
  signedRequest('POST', path, body, headers);

const get = (path: string, headers: Record<string, string> = {}) => signedRequest('GET', path, undefined, headers);

function expectProblem(answer: RawAnswer, status: number, code: string): Record<string, unknown> {
  expect(answer.status, answer.body).to.equal(status);
  expect(answer.headers['content-type']).to.include('application/problem+json');
  const problem = JSON.parse(answer.body) as Record<string, unknown>;
  expect(problem).to.include({ status, code, type: `urn:ticket-booking:problem:${code}` });
  return problem;
}

describe('malformed requests', function () {
  this.timeout(30_000);
  let service: TestService;

  before(async () => {
    service = await startTestService();
  });
  after(() => service?.stop());

  for (const encoding of ['gzip', 'br', 'deflate']) {
    it(`when a body says Content-Encoding: ${encoding} but is not compressed, then 400 BodyNotDecodable`, async () => {
      const answer = await rawRequest(
        service.url,
        await post('/clients/enc/bookings', booking, { 'Content-Encoding': encoding }),
      );
      const problem = expectProblem(answer, 400, 'BodyNotDecodable');
      expect(problem.errors).to.deep.equal([{ field: 'header.content-encoding', message: 'does not match the body' }]);
    });
  }

  it('when a body is in an encoding the service does not know, then 415 UnsupportedContentEncoding', async () => {
    const answer = await rawRequest(service.url, await post('/payments', '{}', { 'Content-Encoding': 'compress' }));
    expectProblem(answer, 415, 'UnsupportedContentEncoding');
  });

  it('when a body really is gzip-compressed, then it is read as usual', async () => {
    const answer = await rawRequest(
      service.url,
      await post('/clients/enc/bookings', gzipSync(booking), { 'Content-Encoding': 'gzip' }),
    );
    expect(answer.status, answer.body).to.equal(201);
  });

  for (const path of [
    '/clients/%ff/bookings',
    '/clients/%zz/bookings',
    '/payments/%ED%A0%80',
    '/clients/alice/bookings/%c0',
  ]) {
    it(`when the path ${path} is not valid percent-encoded UTF-8, then 400 naming the path`, async () => {
      const problem = expectProblem(await rawRequest(service.url, await get(path)), 400, 'ValidationFailed');
      expect(problem.errors).to.deep.equal([{ field: 'path', message: 'is not valid percent-encoded UTF-8' }]);
    });
  }

  it('when a POST path is not valid percent-encoded UTF-8, then 400 as well', async () => {
    const answer = await rawRequest(service.url, await post('/clients/%ff/bookings', booking, {}));
    expectProblem(answer, 400, 'ValidationFailed');
  });

  it('when the URL is over 16 kB, then 431 HeadersTooLarge as a problem document', async () => {
    const answer = await rawRequest(service.url, await get(`/concerts/${'x'.repeat(17 * 1024)}`));
    expectProblem(answer, 431, 'HeadersTooLarge');
    expect(answer.headers['retry-after']).to.equal(undefined);
  });

  it('when Expect asks for something other than 100-continue, then 417 ExpectationFailed as a problem document', async () => {
    const answer = await rawRequest(
      service.url,
      await get('/health', { Expect: 'teapot', 'X-Request-Id': 'expect-417' }),
    );
    const problem = expectProblem(answer, 417, 'ExpectationFailed');
    expect(problem.errors).to.deep.equal([{ field: 'header.expect', message: 'must be 100-continue or absent' }]);
    // Like every other answer, it carries the caller's request id.
    expect(answer.headers['x-request-id']).to.equal('expect-417');
    expect(problem.requestId).to.equal('expect-417');
  });

  it('when the request is not HTTP at all, then 400 MalformedRequest as a problem document', async () => {
    expectProblem(await rawRequest(service.url, 'HELLO THERE\r\n\r\n'), 400, 'MalformedRequest');
  });

  it('when Expect: 100-continue is sent, then the request goes through as usual', async () => {
    const answer = await rawRequest(
      service.url,
      await post(
        '/clients/enc/bookings',
        JSON.stringify({ concertId: 'rock-night', seats: [{ row: 29, number: 2 }] }),
        { Expect: '100-continue' },
      ),
    );
    expect(answer.status).to.equal(100);
    expect(answer.body).to.match(/^HTTP\/1\.1 201 /);
  });
});
