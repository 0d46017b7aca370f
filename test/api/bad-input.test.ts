// The bad-input matrix: every field of every request with wrong types, missing values, out-of-range numbers,
// extra fields, huge strings, malformed JSON and wrong content types. Each is a 4xx problem naming the field.
import { expect } from 'chai';
import { declaredRoutes, pathMatches } from '../support/declared-routes.js';
import { getJson, request, type Answer } from '../support/http.js';
import { startTestService, type TestService } from '../support/service.js';

interface Case {
  readonly name: string;
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly status: number;
  /** The field the problem must name. */
  readonly field: string;
}

const huge = 'x'.repeat(2000);
const seat = { row: 1, number: 1 };
const placeBody = { concertId: 'rock-night', seats: [seat], bookingId: 'bad-input-booking' };
const cancelBody = { reason: 'plans changed' };
const payBody = { paymentId: 'bad-input-payment', bookingId: 'bad-input-booking', amount: 50000 };

/** One field replaced (or removed with `undefined`), the rest of a valid body kept. */
function withField(body: Record<string, unknown>, field: string, value: unknown): string {
  const copy: Record<string, unknown> = { ...body };
  if (value === undefined) delete copy[field];
  else copy[field] = value;
  return JSON.stringify(copy);
}

function bodyCases(
  path: string,
  body: Record<string, unknown>,
  fields: Record<string, { required: boolean; bad: Record<string, unknown> }>,
): Case[] {
  const cases: Case[] = [];
  const firstRequired = Object.entries(fields).find(([, spec]) => spec.required)?.[0];
  for (const [field, spec] of Object.entries(fields)) {
    for (const [what, value] of Object.entries(spec.bad)) {
      cases.push({
        name: `POST ${path}: ${field} ${what}`,
        method: 'POST',
        path,
        body: withField(body, field, value),
        status: 400,
        field: `body.${field}`,
      });
    }
    if (spec.required) {
      cases.push({
        name: `POST ${path}: ${field} missing`,
        method: 'POST',
        path,
        body: withField(body, field, undefined),
        status: 400,
        field: `body.${field}`,
      });
    }
  }
  cases.push(
    {
      name: `POST ${path}: an extra field`,
      method: 'POST',
      path,
      body: JSON.stringify({ ...body, admin: true }),
      status: 400,
      field: 'body.admin',
    },
    {
      name: `POST ${path}: malformed JSON`,
      method: 'POST',
      path,
      body: '{"concertId": "rock-night",',
      status: 400,
      field: 'body',
    },
    {
      name: `POST ${path}: a JSON array instead of an object`,
      method: 'POST',
      path,
      body: '[]',
      status: 400,
      field: 'body',
    },
    { name: `POST ${path}: JSON null`, method: 'POST', path, body: 'null', status: 400, field: 'body' },
    {
      name: `POST ${path}: text/plain`,
      method: 'POST',
      path,
      body: JSON.stringify(body),
      contentType: 'text/plain',
      status: 415,
      field: 'header.content-type',
    },
    {
      name: `POST ${path}: JSON in an unsupported charset`,
      method: 'POST',
      path,
      body: JSON.stringify(body),
      contentType: 'application/json; charset=latin1',
      status: 415,
      field: 'body',
    },
    {
      name: `POST ${path}: form-encoded`,
      method: 'POST',
      path,
      body: 'a=1',
      contentType: 'application/x-www-form-urlencoded',
      status: 415,
      field: 'header.content-type',
    },
    {
      name: `POST ${path}: a body over the limit`,
      method: 'POST',
      path,
      body: JSON.stringify({ ...body, padding: 'x'.repeat(64 * 1024) }),
      status: 413,
      field: 'body',
    },
  );
  // An empty body reads as {}: the first required field is then named as missing. A body whose fields are all
  // optional (a command with nothing to say) accepts {}, so no empty-body case is bad input there.
  if (firstRequired !== undefined)
    cases.push({
      name: `POST ${path}: no body at all`,
      method: 'POST',
      path,
      body: '',
      status: 400,
      field: `body.${firstRequired}`,
    });
  return cases;
}

const idBad = { 'of the wrong type': 42, 'as an object': { $gt: '' }, empty: '', 'with a slash': 'a/b', huge };

const cases: Case[] = [
  ...bodyCases('/clients/alice/bookings', placeBody, {
    concertId: { required: true, bad: idBad },
    bookingId: { required: false, bad: idBad },
    seats: {
      required: true,
      bad: {
        'of the wrong type': 'A1',
        empty: [],
        'too many (over the request bound)': Array.from({ length: 101 }, (_, i) => ({ row: 1, number: i + 1 })),
      },
    },
  }),
  ...bodyCases('/clients/alice/bookings/bad-input-booking/cancel', cancelBody, {
    reason: { required: true, bad: { 'of the wrong type': 7, empty: '', blank: '   ', huge } },
  }),
  ...bodyCases('/payments', payBody, {
    paymentId: { required: true, bad: idBad },
    bookingId: { required: true, bad: idBad },
    amount: {
      required: true,
      bad: {
        'as a string': '50000',
        zero: 0,
        negative: -5,
        fractional: 12.5,
        'out of range': 1e15,
        'as a boolean': true,
      },
    },
  }),
  // Inside the seat objects.
  ...[
    ['row', 'a string', { row: 'one', number: 1 }],
    ['row', 'zero', { row: 0, number: 1 }],
    ['row', 'fractional', { row: 1.5, number: 1 }],
    ['row', 'out of range', { row: 100000, number: 1 }],
    ['number', 'missing', { row: 1 }],
    ['number', 'negative', { row: 1, number: -1 }],
    ['extra', 'an extra field', { row: 1, number: 1, extra: true }],
  ].map(([field, what, value]): Case => ({
    name: `POST /clients/alice/bookings: seats.0.${field as string} ${what as string}`,
    method: 'POST',
    path: '/clients/alice/bookings',
    body: JSON.stringify({ concertId: 'rock-night', seats: [value] }),
    status: 400,
    field: `body.seats.0.${field as string}`,
  })),
  // Path parameters.
  {
    name: 'GET /concerts/:concertId huge',
    method: 'GET',
    path: `/concerts/${huge}`,
    status: 400,
    field: 'path.concertId',
  },
  {
    name: 'GET /concerts/:concertId with odd characters',
    method: 'GET',
    path: '/concerts/%24where',
    status: 400,
    field: 'path.concertId',
  },
  {
    name: 'POST /clients/:clientId/bookings huge clientId',
    method: 'POST',
    path: `/clients/${huge}/bookings`,
    body: JSON.stringify(placeBody),
    status: 400,
    field: 'path.clientId',
  },
  {
    name: 'GET /clients/:clientId/bookings huge clientId',
    method: 'GET',
    path: `/clients/${huge}/bookings`,
    status: 400,
    field: 'path.clientId',
  },
  {
    name: 'GET /clients/:clientId/bookings/:bookingId odd bookingId',
    method: 'GET',
    path: '/clients/alice/bookings/..%2F..',
    status: 400,
    field: 'path.bookingId',
  },
  {
    name: 'POST cancel with a huge bookingId',
    method: 'POST',
    path: `/clients/alice/bookings/${huge}/cancel`,
    body: JSON.stringify(cancelBody),
    status: 400,
    field: 'path.bookingId',
  },
  {
    name: 'GET /payments/:paymentId odd paymentId',
    method: 'GET',
    path: '/payments/%20space',
    status: 400,
    field: 'path.paymentId',
  },
  // Query parameters.
  {
    name: 'list: limit zero',
    method: 'GET',
    path: '/clients/alice/bookings?limit=0',
    status: 400,
    field: 'query.limit',
  },
  {
    name: 'list: limit over 100',
    method: 'GET',
    path: '/clients/alice/bookings?limit=101',
    status: 400,
    field: 'query.limit',
  },
  {
    name: 'list: limit not a number',
    method: 'GET',
    path: '/clients/alice/bookings?limit=ten',
    status: 400,
    field: 'query.limit',
  },
  {
    name: 'list: limit fractional',
    method: 'GET',
    path: '/clients/alice/bookings?limit=1.5',
    status: 400,
    field: 'query.limit',
  },
  {
    name: 'list: unknown status',
    method: 'GET',
    path: '/clients/alice/bookings?status=Sold',
    status: 400,
    field: 'query.status',
  },
  {
    name: 'list: status given twice',
    method: 'GET',
    path: '/clients/alice/bookings?status=Confirmed&status=Denied',
    status: 400,
    field: 'query.status',
  },
  {
    name: 'list: a huge cursor',
    method: 'GET',
    path: `/clients/alice/bookings?after=${huge}`,
    status: 400,
    field: 'query.after',
  },
  {
    name: 'list: a cursor the API never gave',
    method: 'GET',
    path: '/clients/alice/bookings?after=not-a-cursor',
    status: 400,
    field: 'query.after',
  },
  {
    name: 'list: an unknown query parameter',
    method: 'GET',
    path: '/clients/alice/bookings?sort=desc',
    status: 400,
    field: 'query.sort',
  },
];

describe('the bad-input matrix itself', () => {
  it('when a body has no required field, then no case expects a missing field, and the malformed ones still stand', () => {
    const optionalOnly = bodyCases(
      '/clients/alice/bookings/b/extend',
      {},
      { note: { required: false, bad: { 'of the wrong type': 7 } } },
    );
    expect(optionalOnly.map((testCase) => testCase.field)).to.not.include('body.undefined');
    expect(optionalOnly.filter((testCase) => testCase.name.endsWith('no body at all'))).to.deep.equal([]);
    expect(optionalOnly.map((testCase) => testCase.name)).to.include.members([
      'POST /clients/alice/bookings/b/extend: note of the wrong type',
      'POST /clients/alice/bookings/b/extend: malformed JSON',
      'POST /clients/alice/bookings/b/extend: JSON null',
    ]);
  });

  it('when the routes are declared, then each part any route parses (path, query, body) has bad cases in the matrix', () => {
    const parts = { params: 'path', query: 'query', body: 'body' } as const;
    const uncovered = declaredRoutes().flatMap((route) =>
      Object.entries(parts)
        .filter(([declared]) => route[declared as keyof typeof parts] !== undefined)
        .filter(
          ([, part]) =>
            !cases.some(
              (testCase) =>
                testCase.method === route.method.toUpperCase() &&
                pathMatches(route.path, testCase.path) &&
                testCase.field.startsWith(`${part}.`),
            ),
        )
        .map(([, part]) => `${route.method.toUpperCase()} ${route.path} ${part}`),
    );
    expect(uncovered).to.deep.equal([]);
  });

  it('when a body has required fields, then an empty body is a case naming the first of them', () => {
    const cases = bodyCases('/payments', payBody, {
      paymentId: { required: true, bad: {} },
      amount: { required: true, bad: {} },
    });
    expect(cases.find((testCase) => testCase.name.endsWith('no body at all'))?.field).to.equal('body.paymentId');
  });
});

describe('bad input', () => {
  let service: TestService;
  before(async () => {
    service = await startTestService();
    const placed = await request(`${service.url}/clients/alice/bookings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(placeBody),
    });
    expect(placed.status).to.equal(201);
  });
  after(async () => {
    await service.stop();
  });

  /** Every problem title the matrix saw, per code. */
  const titles = new Map<string, Set<string>>();

  for (const testCase of cases) {
    it(`when ${testCase.name}, then ${testCase.status} problem+json naming ${testCase.field}`, async () => {
      const answer: Answer = await request(`${service.url}${testCase.path}`, {
        method: testCase.method,
        ...(testCase.body !== undefined
          ? { body: testCase.body, headers: { 'content-type': testCase.contentType ?? 'application/json' } }
          : {}),
      });
      expect(answer.status, JSON.stringify(answer.body)).to.equal(testCase.status);
      expect(answer.headers.get('content-type')).to.match(/^application\/problem\+json/);
      expect(answer.body).to.include({ status: testCase.status });
      expect(answer.body.code).to.be.a('string');
      titles.set(answer.body.code, new Set([...(titles.get(answer.body.code) ?? []), answer.body.title]));
      const fields = (answer.body.errors ?? []).map((error: { field: string }) => error.field);
      expect(fields, JSON.stringify(answer.body)).to.include(testCase.field);
    });
  }

  it('when all of that has been answered, then each code had one title whatever the case (the case is in detail)', () => {
    expect(titles.size).to.be.greaterThan(3);
    for (const [code, seen] of titles) expect([...seen], code).to.have.length(1);
  });

  it('when all of that has been thrown at it, then the service still serves', async () => {
    expect((await getJson(`${service.url}/health`)).status).to.equal(200);
    expect((await getJson(`${service.url}/concerts`)).status).to.equal(200);
  });
});
