// HTTP-level failures (validation, media type, routing) as typed errors; the error middleware renders them.

/** One bad field: `body.seats.0.row`, `path.clientId`, `query.limit`, `header.content-type`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/**
 * RFC 9457: a problem type has one title whatever the case (what is particular to a case goes in `detail`), so the
 * title is looked up by code here, in one place. A code not listed (a domain rejection's) is its name in words.
 */
const problemTitles: Readonly<Record<string, string>> = {
  ValidationFailed: 'The request is not valid',
  PayloadTooLarge: 'Payload too large',
  BadRequestBody: 'The body cannot be read',
  UnsupportedMediaType: 'Unsupported media type',
  UnsupportedContentEncoding: 'Unsupported content encoding',
  BodyNotDecodable: 'The body cannot be decoded',
  HeadersTooLarge: 'Request header fields too large',
  RequestTimeout: 'Request timeout',
  MalformedRequest: 'Malformed request',
  ExpectationFailed: 'Expectation failed',
  Overloaded: 'The service is overloaded',
  PreconditionFailed: 'Precondition failed',
  ConcurrencyRetriesExhausted: 'Too much contention, try again',
  InternalError: 'Internal error',
  AuthenticationRequired: 'Authentication required',
  InvalidToken: 'Invalid credentials',
  IdentityProviderUnavailable: 'Identity provider unavailable',
  Forbidden: 'Forbidden',
  InvalidPaymentSignature: 'Payment signature not valid',
  CrossSiteRequest: 'Cross-site request refused',
  ViewIncomplete: 'The booking view is incomplete',
  StoreUnavailable: 'A store is unavailable',
  MethodNotAllowed: 'Method not allowed',
  RouteNotFound: 'Not found',
};

/** BookingIsNotPayable → "Booking is not payable". */
function codeInWords(code: string): string {
  const words = code.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function problemTitle(code: string): string {
  return problemTitles[code] ?? codeInWords(code);
}

/** The problem document (RFC 9457) every refusal sends, whoever writes it: express, the raw socket, the overload guard. */
export function problemDocument(problem: {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly requestId?: string;
  readonly errors?: readonly FieldError[];
  readonly details?: unknown;
}) {
  const { status, code, detail, requestId, errors, details } = problem;
  return {
    type: `urn:ticket-booking:problem:${code}`,
    title: problemTitle(code),
    status,
    detail,
    code,
    requestId,
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(details ? { details } : {}),
  };
}

export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';
  readonly title: string;

  constructor(
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly errors: readonly FieldError[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
    this.title = problemTitle(code);
  }
}

export function validationFailed(errors: readonly FieldError[]): HttpProblem {
  const fields = [...new Set(errors.map((error) => error.field))].join(', ');
  return new HttpProblem(400, 'ValidationFailed', `Invalid: ${fields}`, errors);
}
