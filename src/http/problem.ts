// HTTP-level failures (validation, media type, routing) as typed errors; the error middleware renders them.

/** One bad field: `body.seats.0.row`, `path.clientId`, `query.limit`, `header.content-type`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export class HttpProblem extends Error {
  override readonly name = 'HttpProblem';

  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail: string,
    readonly errors: readonly FieldError[] = [],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(detail);
  }
}

export function validationFailed(errors: readonly FieldError[]): HttpProblem {
  const fields = [...new Set(errors.map((error) => error.field))].join(', ');
  return new HttpProblem(400, 'ValidationFailed', 'The request is not valid', `Invalid: ${fields}`, errors);
}
