import type { Config } from './platform/config.ts';
import type { Logger } from './platform/logger.ts';
import type { Runtime } from './platform/runtime.ts';

export interface CommandContext {
  config: Config;
  log: Logger;
}

/** Commands beyond the process roles: seed, user create. Returns false for an unknown command. */
export async function runCommand(command: string, _args: string[], _ctx: CommandContext): Promise<boolean> {
  switch (command) {
    default:
      return false;
  }
}

/** After `start`/`api`/`worker` come up: print where Carton listens. */
export async function onStarted(command: string, runtime: Runtime): Promise<void> {
  if (runtime.url) {
    console.log(`\nCarton is running (${command})`);
    console.log(`  API        ${runtime.url}`);
    console.log(`  API docs   ${runtime.url}/docs`);
    console.log(`  OpenAPI    ${runtime.url}/openapi.json\n`);
  }
}
