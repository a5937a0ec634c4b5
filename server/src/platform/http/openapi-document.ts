import type { Platform } from '../context.ts';
import type { CartonModule } from '../module.ts';
import { createHttpApp } from './app.ts';

/**
 * The OpenAPI document exactly as `/openapi.json` serves it, built without listening: the app is
 * assembled with every module's routes, made ready, asked for its document, and closed. The typed
 * client in `sdk/client` is generated from it (and a test fails when the committed client is stale).
 */
export async function buildOpenApiDocument(platform: Platform, modules: CartonModule[]): Promise<unknown> {
  const app = await createHttpApp(platform);
  try {
    for (const m of modules) if (m.routes) await m.routes(app, platform);
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}
