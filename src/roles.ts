// The roles an instance can run (SERVICE_ROLES): several instances share the work by running some or all of them.
export const ROLES = ['api', 'processes', 'view', 'expirer'] as const;

/**
 * - `api`: the HTTP commands and queries (every instance answers /health, /ready, /processes and /openapi.json);
 * - `processes`: a consumer in each process manager's group (the server spreads messages over the consumers);
 * - `view`: a candidate for the booking view's writer lease; only the holder writes the view (src/view/view-lease.ts);
 * - `expirer`: looks for bookings past their hold; harmless on every instance (the expiry is a command on the stream).
 */
export type Role = (typeof ROLES)[number];

/** Comma-separated role names; unset or empty means all of them. A string comes back to name what is wrong. */
export function parseRoles(raw: string | undefined): Role[] | string {
  if (raw === undefined || raw.trim() === '') return [...ROLES];
  const names = raw
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(ROLES as readonly string[]).includes(name));
  if (unknown.length > 0)
    return `unknown role(s) ${unknown.join(', ')}; expected a comma-separated list of ${ROLES.join(', ')}`;
  // In the canonical order, once each, whatever order they were given in.
  return ROLES.filter((role) => names.includes(role));
}

/** This instance, as GET /ready and GET /processes name it. */
export interface InstanceIdentity {
  readonly id: string;
  readonly roles: readonly Role[];
}
