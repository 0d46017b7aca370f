// Makes the credentials the service asks for, as a client, the payment provider and an operator present them: used by
// `npm run token`, `npm run sign-payment`, the benchmark's clients and the tests' HTTP helper.
import { createSecretKey } from 'node:crypto';
import { SignJWT } from 'jose';
import { developmentSecrets, type SecretName } from '../src/auth/development-secrets.js';
import { paymentSignatureHeader, signPayment } from '../src/auth/payment-signature.js';

export interface SigningSecrets {
  readonly jwtSecret: string;
  readonly paymentWebhookSecret: string;
  readonly operatorToken: string;
  readonly issuer?: string;
  readonly audience?: string;
}

/** The secrets of the environment (the same variables the service reads), each missing one replaced by its development value. */
export function secretsFromEnvironment(env: NodeJS.ProcessEnv = process.env): {
  secrets: SigningSecrets;
  developmentFallbacks: SecretName[];
} {
  const developmentFallbacks: SecretName[] = [];
  const pick = (name: SecretName) => {
    const given = env[name];
    if (given) return given;
    developmentFallbacks.push(name);
    return developmentSecrets[name];
  };
  const secrets = {
    jwtSecret: pick('AUTH_JWT_SECRET'),
    paymentWebhookSecret: pick('PAYMENT_WEBHOOK_SECRET'),
    operatorToken: pick('OPERATOR_TOKEN'),
    ...(env.AUTH_JWT_ISSUER ? { issuer: env.AUTH_JWT_ISSUER } : {}),
    ...(env.AUTH_JWT_AUDIENCE ? { audience: env.AUTH_JWT_AUDIENCE } : {}),
  };
  return { secrets, developmentFallbacks };
}

/** Said on stderr (stdout carries the credential) when a command signs with a published development secret. */
export function warnIfDevelopment(developmentFallbacks: readonly SecretName[], name: SecretName): void {
  if (developmentFallbacks.includes(name))
    process.stderr.write(
      `${name} is unset: using the development value, which only a service on its embedded servers accepts\n`,
    );
}

/** An HS256 client token: `sub` the client id, `exp` after `expiresInSeconds`. */
export function clientToken(
  secrets: SigningSecrets,
  clientId: string,
  expiresInSeconds = 3600,
  nowSeconds = Date.now() / 1000,
): Promise<string> {
  const issuedAt = Math.floor(nowSeconds);
  let jwt = new SignJWT({})
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(clientId)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + expiresInSeconds);
  if (secrets.issuer) jwt = jwt.setIssuer(secrets.issuer);
  if (secrets.audience) jwt = jwt.setAudience(secrets.audience);
  return jwt.sign(createSecretKey(Buffer.from(secrets.jwtSecret, 'utf8')));
}

export const paymentSignature = (
  secrets: SigningSecrets,
  rawBody: string | Buffer,
  nowSeconds = Date.now() / 1000,
): string => signPayment(secrets.paymentWebhookSecret, rawBody, nowSeconds);

/**
 * The headers a legitimate caller of `method path` sends: the client token of the path's client, the payment
 * provider's signature on `POST /payments`, the operator token on the operator endpoints; nothing elsewhere.
 * Client tokens are kept and reused until a minute before they expire.
 */
export class RequestSigner {
  private readonly tokens = new Map<string, { token: Promise<string>; expiresAt: number }>();

  constructor(readonly secrets: SigningSecrets) {}

  clientToken(clientId: string): Promise<string> {
    const now = Date.now() / 1000;
    const kept = this.tokens.get(clientId);
    if (kept && kept.expiresAt - 60 > now) return kept.token;
    const token = clientToken(this.secrets, clientId, 3600, now);
    this.tokens.set(clientId, { token, expiresAt: now + 3600 });
    return token;
  }

  async headersFor(method: string, path: string, rawBody: string | Buffer = ''): Promise<Record<string, string>> {
    const pathname = path.split('?')[0]!;
    const client = /^\/clients\/([^/]+)(\/|$)/.exec(pathname)?.[1];
    if (client !== undefined) return { authorization: `Bearer ${await this.clientToken(decoded(client))}` };
    if (method.toUpperCase() === 'POST' && /^\/payments\/?$/.test(pathname))
      return { [paymentSignatureHeader.toLowerCase()]: paymentSignature(this.secrets, rawBody) };
    if (/^\/(processes|stats|inspector)(\/|$)/.test(pathname) || /^\/payments\/[^/]/.test(pathname))
      return { authorization: `Bearer ${this.secrets.operatorToken}` };
    return {};
  }
}

/** The client id as the service reads it from the path (percent-decoded), or as written when it cannot be decoded. */
function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
