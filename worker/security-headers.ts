import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env.ts';

/**
 * The headers a security review expects, on every response the worker gives: the API's, the HTML
 * export's and the add-in's files (wrangler.toml sends every request through the worker first).
 *
 * - `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer` everywhere.
 * - The task pane's pages (any text/html from the build) get PANE_CSP: its own scripts and
 *   office.js from Microsoft's CDN, the API and Entra sign-in as the only places to connect to,
 *   and framing by the Office hosts only (`frame-ancestors`; never `X-Frame-Options`, which would
 *   stop Excel on the web from showing the pane at all).
 * - Everything else that carries no policy of its own (the API's JSON, problem documents, files)
 *   gets STRICT_CSP: nothing may load or run, nothing may frame it. The HTML export sets its own
 *   (routes/exports.ts), which is kept.
 */

/**
 * The pages that frame the task pane in Excel on the web (the pane's iframe sits in an Office
 * Online frame inside the Microsoft 365, OneDrive or SharePoint page; every ancestor must match).
 * Excel on Windows and Mac shows the pane as a top-level page in a web view: no ancestor at all.
 */
export const OFFICE_FRAME_ANCESTORS = [
  "'self'",
  'https://*.officeapps.live.com',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
  'https://*.cloud.microsoft',
  'https://*.sharepoint.com',
  'https://onedrive.live.com',
] as const;

/** Microsoft's CDN for office.js and what it loads next (the host's script, its strings). */
export const OFFICE_JS_ORIGIN = 'https://appsforoffice.microsoft.com';
/** Entra ID sign-in (MSAL): discovery and token requests, and its hidden iframe for a silent renewal. */
export const ENTRA_LOGIN_ORIGIN = 'https://login.microsoftonline.com';

export const PANE_CSP = [
  "default-src 'self'",
  `script-src 'self' ${OFFICE_JS_ORIGIN}`,
  // office.js writes inline styles into the page; the pane's own styles come from its CSS file.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  `connect-src 'self' ${ENTRA_LOGIN_ORIGIN}`,
  `frame-src ${ENTRA_LOGIN_ORIGIN}`,
  "worker-src 'none'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  `frame-ancestors ${OFFICE_FRAME_ANCESTORS.join(' ')}`,
].join('; ');

export const STRICT_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export function securityHeaders(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const h = c.res.headers;
    h.set('X-Content-Type-Options', 'nosniff');
    h.set('Referrer-Policy', 'no-referrer');
    h.delete('X-Frame-Options');
    if (h.has('Content-Security-Policy')) return;
    const api = c.req.path === '/api' || c.req.path.startsWith('/api/');
    const html = /^text\/html\b/i.test(h.get('Content-Type') ?? '');
    h.set('Content-Security-Policy', !api && html ? PANE_CSP : STRICT_CSP);
  };
}
