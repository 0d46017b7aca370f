// Which credentials the service accepts, read from the environment: real secrets, or the development ones when the
// service runs on its embedded servers and none is set. With a real server and a secret missing it does not start.
import { z } from 'zod';
import { developmentSecrets, isDevelopmentSecret, type SecretName } from './development-secrets.js';

export interface AuthConfig {
  /** HS256 with a shared secret, or the identity provider's key set (RS256 / ES256) fetched from a URL. */
  readonly clientTokens: { readonly secret: string } | { readonly jwksUrl: string };
  /** When set, a client token's `iss` / `aud` must be this. */
  readonly issuer?: string;
  readonly audience?: string;
  /** Signs `POST /payments` (the Payment-Signature header). */
  readonly paymentWebhookSecret: string;
  /** Bearer token of the operator endpoints (/processes, /stats, GET /payments/:id, /inspector). */
  readonly operatorToken: string;
  /** The variables that fell back to their development value (logged by name, never by value). */
  readonly developmentSecrets: readonly SecretName[];
}

// At least 32 characters: an HMAC key no shorter than its SHA-256 output (RFC 7518, 3.2), a token nobody guesses.
const secret = z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional();

const loopback = new Set(['localhost', '127.0.0.1', '[::1]']);

export const authEnvironmentSchema = z.object({
  AUTH_JWT_SECRET: secret,
  AUTH_JWKS_URL: z
    .url()
    .refine((text) => {
      const url = new URL(text);
      return url.protocol === 'https:' || (url.protocol === 'http:' && loopback.has(url.hostname));
    }, 'must be an https:// URL (http:// only on localhost)')
    .optional(),
  AUTH_JWT_ISSUER: z.string().trim().min(1).optional(),
  AUTH_JWT_AUDIENCE: z.string().trim().min(1).optional(),
  PAYMENT_WEBHOOK_SECRET: secret,
  OPERATOR_TOKEN: secret,
});

export type AuthEnvironment = z.infer<typeof authEnvironmentSchema>;

/**
 * @param onEmbeddedServers true when neither EVENTSTORE_CONNECTION_STRING nor MONGODB_URI is set: only then may the
 * development secrets stand in for missing ones.
 * @returns the settings, or the problems naming each variable to set.
 */
export function resolveAuthConfig(
  env: AuthEnvironment,
  onEmbeddedServers: boolean,
): { auth: AuthConfig } | { problems: string[] } {
  const problems: string[] = [];
  const fallbacks: SecretName[] = [];
  const required = 'must be set when EVENTSTORE_CONNECTION_STRING or MONGODB_URI names a real server';

  const pick = (name: SecretName): string => {
    const given = env[name];
    if (given !== undefined) {
      if (!onEmbeddedServers && isDevelopmentSecret(given))
        problems.push(`${name}: is a published development secret; set a secret of your own`);
      return given;
    }
    if (onEmbeddedServers) {
      fallbacks.push(name);
      return developmentSecrets[name];
    }
    problems.push(`${name}: ${required}`);
    return '';
  };

  let clientTokens: AuthConfig['clientTokens'];
  if (env.AUTH_JWT_SECRET !== undefined && env.AUTH_JWKS_URL !== undefined) {
    problems.push('AUTH_JWT_SECRET, AUTH_JWKS_URL: set one of them, not both');
    clientTokens = { secret: env.AUTH_JWT_SECRET };
  } else if (env.AUTH_JWKS_URL !== undefined) {
    clientTokens = { jwksUrl: env.AUTH_JWKS_URL };
  } else if (env.AUTH_JWT_SECRET === undefined && !onEmbeddedServers) {
    problems.push(`AUTH_JWT_SECRET or AUTH_JWKS_URL: one ${required}`);
    clientTokens = { secret: '' };
  } else {
    clientTokens = { secret: pick('AUTH_JWT_SECRET') };
  }
  const paymentWebhookSecret = pick('PAYMENT_WEBHOOK_SECRET');
  const operatorToken = pick('OPERATOR_TOKEN');
  if (problems.length > 0) return { problems };
  return {
    auth: {
      clientTokens,
      ...(env.AUTH_JWT_ISSUER !== undefined ? { issuer: env.AUTH_JWT_ISSUER } : {}),
      ...(env.AUTH_JWT_AUDIENCE !== undefined ? { audience: env.AUTH_JWT_AUDIENCE } : {}),
      paymentWebhookSecret,
      operatorToken,
      developmentSecrets: fallbacks,
    },
  };
}
