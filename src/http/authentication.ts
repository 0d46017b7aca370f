// The guards in front of the routes: who may call what. A client acts only under its own id, the payment provider
// signs what it reports, an operator shows the operator token. Every refusal is an HttpProblem (401, 403 or 503).
import type { Request, RequestHandler } from 'express';
import type { AuthConfig } from '../auth/auth-config.js';
import { clientTokenVerifier, InvalidClientTokenError, KeySetUnavailableError } from '../auth/client-tokens.js';
import { operatorCredentials, operatorSessionCookie, type OperatorCredentials } from '../auth/operator-credentials.js';
import { checkPaymentSignature, paymentSignatureHeader } from '../auth/payment-signature.js';
import type { Clock } from '../core/clock.js';
import { rawBodyOf } from './json-body.js';
import { HttpProblem } from './problem.js';

/** Who may call a route; every declaration says (src/http/route.ts), so none is open by omission. */
export type Access = 'public' | 'client' | 'operator' | 'payment-provider';

export type Guards = Readonly<Record<Exclude<Access, 'public'>, RequestHandler>>;

const challenge = (realm: string, error?: string) => `Bearer realm="${realm}"${error ? `, error="${error}"` : ''}`;

const missing = (realm: string, what: string) =>
  new HttpProblem(401, 'AuthenticationRequired', `This endpoint needs Authorization: Bearer <${what}>`, [], {
    'WWW-Authenticate': challenge(realm),
  });

const invalid = (realm: string, detail: string) =>
  new HttpProblem(401, 'InvalidToken', detail, [], {
    'WWW-Authenticate': challenge(realm, 'invalid_token'),
  });

/** The token of `Authorization: Bearer <token>`; undefined when there is none, '' when the header is not of that form. */
function bearerToken(req: Request): string | undefined {
  const header = req.get('authorization');
  if (header === undefined) return undefined;
  return /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(header)?.[1] ?? '';
}

function cookie(req: Request, name: string): string | undefined {
  for (const pair of (req.get('cookie') ?? '').split(';')) {
    const at = pair.indexOf('=');
    if (at > 0 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

/** Clients: a valid token whose `sub` is the path's clientId. Another client's booking under one's own id stays a 404 (the routes). */
function requireClient(auth: AuthConfig): RequestHandler {
  const verify = clientTokenVerifier(auth);
  return async (req, res, next) => {
    const token = bearerToken(req);
    if (token === undefined) throw missing('clients', 'client token');
    if (token === '') throw invalid('clients', 'The Authorization header is not of the form Bearer <token>');
    let clientId: string;
    try {
      ({ clientId } = await verify(token));
    } catch (error) {
      if (error instanceof InvalidClientTokenError) throw invalid('clients', error.message);
      if (error instanceof KeySetUnavailableError)
        throw new HttpProblem(503, error.code, error.message, [], {
          'Retry-After': '5',
        });
      throw error;
    }
    if (clientId !== req.params.clientId) {
      throw new HttpProblem(403, 'Forbidden', 'The bearer token is not for the client named in the path', [], {
        'WWW-Authenticate': challenge('clients', 'insufficient_scope'),
      });
    }
    res.locals.clientId = clientId;
    next();
  };
}

function requirePaymentSignature(auth: AuthConfig, clock: Clock): RequestHandler {
  return (req, _res, next) => {
    const check = checkPaymentSignature(
      auth.paymentWebhookSecret,
      req.get(paymentSignatureHeader),
      rawBodyOf(req),
      clock.now().getTime() / 1000,
    );
    if (!check.ok) {
      throw new HttpProblem(401, 'InvalidPaymentSignature', check.reason, [], {
        'WWW-Authenticate': `${paymentSignatureHeader} realm="payments"`,
      });
    }
    next();
  };
}

export interface RequireOperatorOptions {
  /** Pages: a browser (Accept: text/html) without valid credentials is sent here rather than given a 401. */
  readonly loginPath?: string;
}

/**
 * The operator guard, reusable in front of any router: `Authorization: Bearer <OPERATOR_TOKEN>`, or the inspector's
 * login cookie (src/http/routes/inspector-login.ts).
 */
export function requireOperator(
  credentials: OperatorCredentials,
  clock: Clock,
  options: RequireOperatorOptions = {},
): RequestHandler {
  return (req, res, next) => {
    const token = bearerToken(req);
    const session = cookie(req, operatorSessionCookie);
    // Who it was, for the logs of what they do (the inspector's actions): there is one operator token, so how it was shown.
    if (token && credentials.isOperatorToken(token)) {
      res.locals.operator = 'operator (bearer token)';
      return next();
    }
    if (token === undefined && session !== undefined && credentials.isValidSession(session, clock.now())) {
      res.locals.operator = 'operator (login cookie)';
      return next();
    }
    // The page asked for rides along, so that a shared link opens that page once the operator has logged in.
    if (options.loginPath && req.method === 'GET' && req.accepts(['json', 'html']) === 'html') {
      return res.redirect(303, `${options.loginPath}?next=${encodeURIComponent(req.originalUrl)}`);
    }
    if (token === undefined && session === undefined) throw missing('operators', 'operator token');
    throw invalid(
      'operators',
      session !== undefined && token === undefined
        ? 'The login has expired or is not valid; log in again'
        : 'The operator token is not valid',
    );
  };
}

export function createGuards(auth: AuthConfig, clock: Clock): Guards {
  return {
    client: requireClient(auth),
    operator: requireOperator(operatorCredentials(auth.operatorToken), clock),
    'payment-provider': requirePaymentSignature(auth, clock),
  };
}
