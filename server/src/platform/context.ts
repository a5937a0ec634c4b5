import type { Config } from './config.ts';
import type { Database, Db } from './db/database.ts';
import type { CounterStore } from './limits/counters.ts';
import type { Logger } from './logger.ts';
import type { Mailer } from './mail/mailer.ts';
import type { WorkflowEngine } from './workflows/engine.ts';

/**
 * What the running process shares with every module: configuration, the database and the
 * logger. Modules take what they need from it; nothing in it holds business rules.
 */
export interface Platform {
  config: Config;
  database: Database;
  db: Db;
  log: Logger;
  /** Fixed-window counters (brute-force protection, throttles); shared through Redis when configured. */
  counters: CounterStore;
  /** Outgoing e-mail (SMTP_URL, or the local capture server in development and tests). */
  mailer: Mailer;
  /** Durable work (DBOS): enqueue workflows from any process; worker processes run them. */
  workflows: WorkflowEngine;
}
