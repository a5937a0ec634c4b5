/**
 * Carton's command line: `carton <command>` (loaded by main.ts once module loading is set up).
 *   start            API and workers in one process (embedded PostgreSQL when DATABASE_URL is unset)
 *   api              HTTP API only
 *   worker           background work only (outbox dispatch, workflows, schedules)
 *   migrate          apply database migrations and exit
 *   seed             create demo data (operator admin, demo organization, store, API keys)
 *   user create      --email --password --role [--store]
 */
import { loadConfig } from './platform/config.ts';
import { migrate } from './platform/db/migrate.ts';
import { createLogger } from './platform/logger.ts';
import { compactHeapAfterStart } from './platform/memory.ts';
import { connectDatabaseServer, startRuntime, type Runtime } from './platform/runtime.ts';

const USAGE = `usage: carton <start|api|worker|migrate|seed|user create> [options]`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const config = loadConfig();
  const log = createLogger(config.LOG_LEVEL);

  switch (command) {
    case 'start':
    case 'api':
    case 'worker': {
      const runtime = await startRuntime({
        api: command !== 'worker',
        worker: command !== 'api',
        config,
        logger: log,
      });
      stopOnSignals(runtime);
      await afterStart(command, runtime);
      compactHeapAfterStart(); // ~285 MB → ~140 MB resident while idle; see platform/memory.ts
      return;
    }
    case 'migrate': {
      const server = await connectDatabaseServer(config, log);
      try {
        const { applied } = await migrate(server.url, (m) => log.info(m));
        console.log(applied.length ? `applied ${applied.length} migration(s)` : 'database is up to date');
      } finally {
        await server.embedded?.stop();
      }
      return;
    }
    default: {
      const { runCommand } = await import('./commands.ts');
      if (command && (await runCommand(command, rest, { config, log }))) return;
      console.error(USAGE);
      process.exitCode = 2;
    }
  }
}

/** Hook for what a fresh `start` prints and seeds; filled by the seed command module. */
async function afterStart(command: string, runtime: Runtime): Promise<void> {
  const { onStarted } = await import('./commands.ts');
  await onStarted(command, runtime);
}

function stopOnSignals(runtime: Runtime): void {
  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (signalled) process.exit(1); // second signal: stop waiting
      signalled = true;
      runtime.platform.log.info({ signal }, 'shutting down');
      runtime.stop().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
