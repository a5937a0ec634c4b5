import { modules as allModules } from '../modules/index.ts';
import { loadConfig, type Config } from './config.ts';
import type { Platform } from './context.ts';
import { openDatabase } from './db/database.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { createHttpApp, type App } from './http/app.ts';
import { createCounterStore, whenRedisReady } from './limits/counters.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMailer } from './mail/mailer.ts';
import { startTracing } from './observability/tracing.ts';
import { createWorkflowEngine, migrateWorkflowSchema } from './workflows/engine.ts';
import type { CartonModule, StopFn } from './module.ts';
import { embeddedDatabasePassword, resolveSecret } from './secret.ts';
import { join } from 'node:path';

export interface RuntimeOptions {
  api: boolean;
  worker: boolean;
  config?: Config;
  logger?: Logger;
  modules?: CartonModule[];
}

export interface Runtime {
  platform: Platform;
  app: App | null;
  /** Where the API listens, once it does. */
  url: string | null;
  stop(): Promise<void>;
}

/** Connect to the configured PostgreSQL, or start the embedded one when DATABASE_URL is unset. */
export async function connectDatabaseServer(
  config: Config,
  log: Logger,
): Promise<{ url: string; embedded: EmbeddedDatabase | null }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };
  const dataDir = join(config.CARTON_DATA_DIR, 'pg');
  log.info({ dataDir }, 'starting embedded PostgreSQL');
  const embedded = await startEmbeddedPostgres({
    dataDir,
    port: config.EMBEDDED_PG_PORT,
    password: embeddedDatabasePassword(config.CARTON_DATA_DIR),
    stopOnSignals: false, // runtime.stop() stops it, last
  });
  return { url: embedded.url, embedded };
}

/**
 * Bring a Carton process up: database server, migrations, modules' workers, then the API.
 * `stop` takes it down in reverse, the database server last.
 */
export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const loaded = opts.config ?? loadConfig();
  const log = opts.logger ?? createLogger(loaded.LOG_LEVEL);
  const config: Config = { ...loaded, CARTON_SECRET: resolveSecret(loaded) };
  const modules = opts.modules ?? allModules;

  const server = await connectDatabaseServer(config, log);
  const stops: StopFn[] = [];
  if (server.embedded) stops.push(server.embedded.stop);
  try {
    stops.push(await startTracing(config, log));
    const { applied } = await migrate(server.url, (m) => log.info(m));
    if (applied.length) log.info({ count: applied.length }, 'database migrated');
    await migrateWorkflowSchema(server.url);

    const database = openDatabase(server.url, {
      poolSize: config.DB_POOL_SIZE,
      readPoolSize: config.DB_READ_POOL_SIZE,
    });
    stops.push(database.close);
    const counters = createCounterStore(config, { log });
    stops.push(counters.close);
    if (counters.redis) await whenRedisReady(counters.redis); // fail fast on a wrong REDIS_URL
    const mailer = await createMailer(config, log);
    stops.push(mailer.close);
    const workflows = createWorkflowEngine({ url: server.url, db: database.db, config, log });
    stops.push(workflows.close);
    const platform: Platform = { config, database, db: database.db, log, counters, mailer, workflows };

    if (opts.worker) {
      // Modules first: DBOS resumes this worker's interrupted workflows as soon as it launches, and
      // a resumed workflow needs its module's platform already in place.
      for (const m of modules) {
        if (m.startWorker) stops.push(await m.startWorker(platform));
      }
      await workflows.launch();
    }

    let app: App | null = null;
    let url: string | null = null;
    if (opts.api) {
      app = await createHttpApp(platform);
      for (const m of modules) if (m.routes) await m.routes(app, platform);
      const address = await app.listen({ host: config.HOST, port: config.PORT });
      url = address.replace('[::1]', 'localhost');
      const httpApp = app;
      stops.push(() => closeHttp(httpApp, config.WORKER_SHUTDOWN_GRACE_MS));
    }

    let stopping: Promise<void> | null = null;
    const stop = () =>
      (stopping ??= (async () => {
        for (const s of stops.reverse()) {
          await s().catch((err) => log.error({ err }, 'error during shutdown'));
        }
      })());
    return { platform, app, url, stop };
  } catch (err) {
    for (const s of stops.reverse()) await s().catch(() => {});
    throw err;
  }
}

/**
 * Stop taking requests and let those in flight finish; a client that stops reading (or a request
 * that never ends) gets its connection cut after the grace period, so shutdown always completes.
 */
async function closeHttp(app: App, graceMs: number): Promise<void> {
  const timer = setTimeout(() => app.server.closeAllConnections(), graceMs);
  try {
    await app.close();
  } finally {
    clearTimeout(timer);
  }
}
