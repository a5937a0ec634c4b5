import { join } from 'node:path';
import { PAGE_SECURITY_HEADERS, type App } from '../platform/http/app.ts';
import { serveStaticApp } from '../platform/http/static-app.ts';
import { WEB_ROOT } from './paths.ts';

/**
 * The admin console's page may load only its own scripts and styles, talk only to this origin
 * (the API and the live feed's WebSocket) and show product images from anywhere (imported
 * products keep remote image URLs).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https: http:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ');

/** Serves the admin console (a React single-page app) at `/admin/`; `/admin/v1/…` stays the API. */
export function registerAdminConsole(app: App): void {
  serveStaticApp(app, {
    dir: join(WEB_ROOT, 'admin', 'dist', 'client'),
    prefix: '/admin',
    // Every API version's paths (an unknown one is the API's 404 problem, not the console).
    exclude: [/^\/admin\/v\d+(\/|$)/],
    notBuiltMessage:
      'The admin console is not built. Run `npm run build:web` (`npm start` builds it when stale).',
    pageHeaders: { ...PAGE_SECURITY_HEADERS, 'content-security-policy': CONTENT_SECURITY_POLICY },
  });
}
