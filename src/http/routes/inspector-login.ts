// The inspector's login form: the operator pastes OPERATOR_TOKEN once and gets a cookie that holds a signed expiry,
// not the token (src/auth/operator-credentials.ts). HttpOnly (no script reads it), SameSite=Strict (no other site
// sends it), Path=/inspector (sent nowhere else), Secure unless the service is reached on localhost.
import express, { Router, type Request, type Response } from 'express';
import { operatorSessionCookie, operatorSessionSeconds, type OperatorCredentials } from '../../auth/operator-credentials.js';
import type { Clock } from '../../core/clock.js';

export const inspectorLoginPath = '/inspector/login';
const inspectorHome = '/inspector';

/** Nothing from the request is ever written into the page: it is one of these two fixed texts. */
const page = (failed: boolean) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Inspector login</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:4rem auto}input,button{font:inherit;padding:.4rem}input{width:100%}p.error{color:#a00}</style></head>
<body>
<h1>Inspector</h1>
${failed ? '<p class="error">That is not the operator token.</p>\n' : ''}<form method="post" action="${inspectorLoginPath}">
<label for="token">Operator token (OPERATOR_TOKEN)</label>
<p><input id="token" name="token" type="password" autocomplete="off" required autofocus></p>
<button type="submit">Log in</button>
</form>
</body>
</html>
`;

function sendPage(res: Response, status: number, failed: boolean): void {
  res
    .status(status)
    .set({
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'X-Content-Type-Options': 'nosniff',
    })
    .type('html')
    .send(page(failed));
}

const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Browsers keep Secure cookies from http://localhost; elsewhere the operator must reach the service over TLS. */
const cookieOptions = (req: Request) => ({ path: inspectorHome, httpOnly: true, sameSite: 'strict' as const, secure: req.secure || !loopbackHosts.has(req.hostname) });

export function inspectorLoginRoutes(credentials: OperatorCredentials, clock: Clock): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '4kb', type: 'application/x-www-form-urlencoded' });

  router.get(inspectorLoginPath, (_req, res) => sendPage(res, 200, false));

  router.post(inspectorLoginPath, form, (req, res) => {
    const token: unknown = (req.body as Record<string, unknown> | undefined)?.token;
    if (typeof token !== 'string' || !credentials.isOperatorToken(token.trim())) {
      res.set('WWW-Authenticate', 'Bearer realm="operators"');
      return sendPage(res, 401, true);
    }
    res.cookie(operatorSessionCookie, credentials.newSession(clock.now()), { ...cookieOptions(req), maxAge: operatorSessionSeconds * 1000 });
    res.redirect(303, inspectorHome);
  });

  // The cookie is signed, not stored: logging out forgets it in this browser; changing OPERATOR_TOKEN ends them all.
  router.post('/inspector/logout', (req, res) => {
    res.clearCookie(operatorSessionCookie, cookieOptions(req));
    res.redirect(303, inspectorLoginPath);
  });

  return router;
}
