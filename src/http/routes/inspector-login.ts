// The inspector's login form: the operator pastes OPERATOR_TOKEN once and gets a cookie that holds a signed expiry,
// not the token (src/auth/operator-credentials.ts). HttpOnly (no script reads it), SameSite=Strict (no other site
// sends it), Path=/inspector (sent nowhere else), Secure unless the service is reached on localhost.
import type { Request, Response } from 'express';
import {
  operatorSessionCookie,
  operatorSessionSeconds,
  type OperatorCredentials,
} from '../../auth/operator-credentials.js';
import type { Clock } from '../../core/clock.js';
import { isSameSite } from '../../inspector/actions.js';
import { problem } from '../openapi.js';
import { HttpProblem } from '../problem.js';
import { defineRoute, type Route } from '../route.js';

export const inspectorLoginPath = '/inspector/login';
const inspectorHome = '/inspector';

/**
 * Nothing from the request is ever written into the page: it is one of these two fixed texts. The form has no
 * `action`, so it posts back to the URL it was opened at, `?next=` (the page asked for) included.
 */
const page = (failed: boolean) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Inspector login</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:4rem auto}input,button{font:inherit;padding:.4rem}input{width:100%}p.error{color:#a00}</style></head>
<body>
<h1>Inspector</h1>
${failed ? '<p class="error">That is not the operator token.</p>\n' : ''}<form method="post">
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
      'Content-Security-Policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      'Cache-Control': 'no-store',
      // same-origin, not no-referrer: with no-referrer the browser sends the form's POST with Origin: null, which
      // could not be told from another site's.
      'Referrer-Policy': 'same-origin',
      'X-Content-Type-Options': 'nosniff',
    })
    .type('html')
    .send(page(failed));
}

/**
 * Where to go once logged in: the inspector page the operator asked for (`?next=`), only ever a page of the inspector
 * on this service, as the browser will resolve it (`//evil.example`, `/\evil.example`, `/inspector/../processes`
 * resolve elsewhere), else its home.
 */
export function afterLogin(next: unknown): string {
  if (typeof next !== 'string' || next.length > 2048 || !next.startsWith('/')) return inspectorHome;
  const here = 'http://service.invalid';
  let url: URL;
  try {
    url = new URL(next, here);
  } catch {
    return inspectorHome;
  }
  const inspectorPage =
    url.origin === here &&
    /^\/inspector(\/|$)/.test(url.pathname) &&
    !/^\/inspector\/log(in|out)\/?$/.test(url.pathname);
  return inspectorPage ? `${url.pathname}${url.search}${url.hash}` : inspectorHome;
}

/**
 * Logging in and out from another site's page is refused like the inspector's actions: with the development token
 * published, a page elsewhere could otherwise log a developer's browser in or out behind their back.
 */
function refuseCrossSite(req: Request): void {
  if (!isSameSite(req))
    throw new HttpProblem(403, 'CrossSiteRequest', 'The inspector takes logins and logouts from its own pages only');
}

const crossSite = problem("CrossSiteRequest: sent from another site's page (Origin or Sec-Fetch-Site)");

const loopbackHosts = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** Browsers keep Secure cookies from http://localhost; elsewhere the operator must reach the service over TLS. */
const cookieOptions = (req: Request) => ({
  path: inspectorHome,
  httpOnly: true,
  sameSite: 'strict' as const,
  secure: req.secure || !loopbackHosts.has(req.hostname),
});

export function inspectorLoginRoutes(credentials: OperatorCredentials, clock: Clock): Route[] {
  const form = defineRoute({
    method: 'get',
    path: inspectorLoginPath,
    access: 'public',
    summary: 'The inspector login form (HTML)',
    responses: { 200: { description: 'An HTML form asking for the operator token' } },
    handle(_input, res) {
      sendPage(res, 200, false);
    },
  });

  const login = defineRoute({
    method: 'post',
    path: inspectorLoginPath,
    access: 'public',
    form: true,
    summary: 'Log in to the inspector with the operator token (form field `token`, application/x-www-form-urlencoded)',
    responses: {
      303: {
        description:
          'Logged in: the session cookie is set and the browser is sent to the inspector page of `?next=` (or /inspector)',
      },
      401: { description: 'Not the operator token: the form again (HTML)' },
      403: crossSite,
    },
    handle(_input, res, req) {
      refuseCrossSite(req);
      const token: unknown = (req.body as Record<string, unknown> | undefined)?.token;
      if (typeof token !== 'string' || !credentials.isOperatorToken(token.trim())) {
        res.set('WWW-Authenticate', 'Bearer realm="operators"');
        return sendPage(res, 401, true);
      }
      res.cookie(operatorSessionCookie, credentials.newSession(clock.now()), {
        ...cookieOptions(req),
        maxAge: operatorSessionSeconds * 1000,
      });
      res.redirect(303, afterLogin(req.query.next));
    },
  });

  // The cookie is signed, not stored: logging out forgets it in this browser; changing OPERATOR_TOKEN ends them all.
  const logout = defineRoute({
    method: 'post',
    path: '/inspector/logout',
    access: 'public',
    form: true,
    summary: 'Log out of the inspector (clears the session cookie)',
    responses: { 303: { description: 'Sent to the login form' }, 403: crossSite },
    handle(_input, res, req) {
      refuseCrossSite(req);
      res.clearCookie(operatorSessionCookie, cookieOptions(req));
      res.redirect(303, inspectorLoginPath);
    },
  });

  return [form, login, logout];
}
