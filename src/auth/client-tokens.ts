// Checks a client's bearer token (a JWT) with jose: signature, algorithm, `exp`, and `iss`/`aud` when configured.
// The token's `sub` is the client id; nothing else in it is trusted.
import { createSecretKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from './auth-config.js';

export interface ClientIdentity {
  readonly clientId: string;
}

/** The token is not acceptable (forged, expired, for someone else's service…): the caller must get a new one. */
export class InvalidClientTokenError extends Error {
  readonly code = 'InvalidToken';
  override readonly name = 'InvalidClientTokenError';
}

/** The identity provider's key set could not be fetched: nobody can be checked until it can. */
export class KeySetUnavailableError extends Error {
  readonly code = 'IdentityProviderUnavailable';
  override readonly name = 'KeySetUnavailableError';
}

export type ClientTokenVerifier = (token: string) => Promise<ClientIdentity>;

/** Seconds of clock difference with the token's issuer that `exp` and `nbf` forgive. */
const clockToleranceSeconds = 5;

/** Failures that say the token is bad, as opposed to the key set being out of reach. */
const tokenFaults = [
  errors.JWTExpired,
  errors.JWTClaimValidationFailed,
  errors.JWTInvalid,
  errors.JWSInvalid,
  errors.JWSSignatureVerificationFailed,
  errors.JOSEAlgNotAllowed,
  errors.JOSENotSupported,
  errors.JWKSNoMatchingKey,
  errors.JWKSMultipleMatchingKeys,
];

export function clientTokenVerifier(auth: AuthConfig): ClientTokenVerifier {
  // The algorithms are fixed by the kind of key, never read from the token: no `none`, no HS256 made with a public key.
  const { key, algorithms }: { key: KeyObject | JWTVerifyGetKey; algorithms: string[] } =
    'secret' in auth.clientTokens
      ? { key: createSecretKey(Buffer.from(auth.clientTokens.secret, 'utf8')), algorithms: ['HS256'] }
      : {
          key: createRemoteJWKSet(new URL(auth.clientTokens.jwksUrl), { timeoutDuration: 3000 }),
          algorithms: ['RS256', 'ES256'],
        };
  const options = {
    algorithms,
    issuer: auth.issuer,
    audience: auth.audience,
    requiredClaims: ['exp', 'sub'],
    clockTolerance: clockToleranceSeconds,
  };

  return async (token) => {
    let sub: unknown;
    try {
      // Two call forms, one per kind of key: the overloads do not take their union.
      const verified =
        typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
      sub = verified.payload.sub;
    } catch (error) {
      if (tokenFaults.some((fault) => error instanceof fault))
        throw new InvalidClientTokenError(`The bearer token is not valid: ${(error as Error).message}`);
      throw new KeySetUnavailableError('The identity provider’s key set cannot be fetched', { cause: error });
    }
    if (typeof sub !== 'string' || sub === '')
      throw new InvalidClientTokenError('The bearer token names no client (`sub`)');
    return { clientId: sub };
  };
}
