import type { Config } from './config.ts';
import type { Database, Db } from './db/database.ts';
import type { Logger } from './logger.ts';

/**
 * What the running process shares with every module: configuration, the database and the
 * logger. Modules take what they need from it; nothing in it holds business rules.
 */
export interface Platform {
  config: Config;
  database: Database;
  db: Db;
  log: Logger;
}
