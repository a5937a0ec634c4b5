import { fileURLToPath } from 'node:url';
import { PAGE_SECURITY_HEADERS } from '../platform/http/app.ts';
import type { CartonModule } from '../platform/module.ts';
import { serveSpa } from './spa.ts';

/** Where `vite build` of `web/admin` writes the console (`npm run build -w web/admin`). */
export const ADMIN_CONSOLE_DIR = fileURLToPath(new URL('../../../web/admin/dist/', import.meta.url));

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
export const adminConsoleModule: CartonModule = {
  name: 'admin-console',
  async routes(app) {
    serveSpa(app, {
      prefix: '/admin/',
      dir: ADMIN_CONSOLE_DIR,
      reserved: /^v\d+(\/|$)/,
      missingBuildHint:
        'The admin console is not built. Run `npm run build -w web/admin` (`npm start` builds it when missing).',
      pageHeaders: { ...PAGE_SECURITY_HEADERS, 'content-security-policy': CONTENT_SECURITY_POLICY },
    });
  },
};
