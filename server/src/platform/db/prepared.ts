import pg from 'pg';

/**
 * Statements sent with parameters are parsed, analysed and planned by PostgreSQL on every call
 * unless they are named: a named statement is parsed once per connection and, after a few calls,
 * runs on a cached generic plan. Under the checkout benchmark that work was about a fifth of
 * PostgreSQL's CPU (decision 0013). So every pool's connections name each parameterised text
 * once it has been sent `HOT_AFTER` times in this process — hot statements only, so one-off
 * texts (reports, migrations, IN lists of every length) cost no server memory — up to
 * `MAX_NAMED` distinct texts.
 */
const HOT_AFTER = 3;
const MAX_NAMED = 2_000;

const seen = new Map<string, number>();
const names = new Map<string, string>();

/** The name for `text` if it is hot enough to prepare, else undefined (and it is counted). */
export function preparedName(text: string): string | undefined {
  const name = names.get(text);
  if (name !== undefined) return name;
  if (names.size >= MAX_NAMED) return undefined;
  const count = (seen.get(text) ?? 0) + 1;
  if (count < HOT_AFTER) {
    // Counting is bounded too: a flood of distinct texts forgets the counts and starts again.
    if (seen.size >= 10 * MAX_NAMED) seen.clear();
    seen.set(text, count);
    return undefined;
  }
  seen.delete(text);
  const fresh = `carton_${names.size + 1}`;
  names.set(text, fresh);
  return fresh;
}

/**
 * Statements that travel in multi-statement messages (with `BEGIN`, with `COMMIT`) cannot carry
 * parameters, so PostgreSQL would parse and plan them on every call. A hot one is declared once
 * (`hotStatement`, database.ts); its callers put `EXECUTE carton_h_<name>(literals)` in their
 * messages, and each connection prepares it the first time a message names it: the `PREPARE`
 * goes first in that message (it is not undone by a rollback) and its result is taken out of the
 * answer, so callers see the results of their own statements only.
 */
const hotPrepares = new Map<string, string>();
const HOT_CALL = /EXECUTE (carton_h_[a-z0-9_]+)\b/g;

/** Register a hot statement's `PREPARE` text under its name (`carton_h_…`). */
export function declareHotStatement(name: string, prepare: string): void {
  if (hotPrepares.has(name) && hotPrepares.get(name) !== prepare) {
    throw new Error(`hot statement ${name} is declared twice`);
  }
  hotPrepares.set(name, prepare);
}

type QueryConfig = pg.QueryConfig & { submit?: unknown };

/** A `pg.Client` that names hot parameterised statements (see the module comment). */
export class PreparingClient extends pg.Client {
  /** Hot statements this connection has prepared. */
  #prepared = new Set<string>();

  // pg's `query` has many overloads; only a parameterised text or config is rewritten (drizzle
  // passes its config and the values apart), and a plain text that names hot statements.
  override query(...args: unknown[]): never {
    const [first, second] = args;
    if (args.length === 1 && typeof first === 'string' && first.includes('EXECUTE carton_h_')) {
      return this.#withHotStatements(first) as never;
    }
    if (typeof first === 'string' && Array.isArray(second) && second.length > 0) {
      const name = preparedName(first);
      if (name) args.splice(0, 2, { name, text: first, values: second });
    } else if (isPlainConfig(first) && first.name === undefined) {
      const values = Array.isArray(second) ? second : first.values;
      const name = values?.length ? preparedName(first.text) : undefined;
      if (name) args.splice(0, Array.isArray(second) ? 2 : 1, { ...first, name, values });
    }
    return (pg.Client.prototype.query as (...a: unknown[]) => never).apply(this, args);
  }

  async #withHotStatements(text: string): Promise<unknown> {
    const send = (t: string) => (pg.Client.prototype.query as (t: string) => Promise<unknown>).call(this, t);
    const missing = [...new Set(Array.from(text.matchAll(HOT_CALL), (m) => m[1]!))].filter(
      (name) => !this.#prepared.has(name),
    );
    if (missing.length === 0) return send(text);
    const prepares = missing.map((name) => {
      const prepare = hotPrepares.get(name);
      if (!prepare) throw new Error(`hot statement ${name} was never declared`);
      return prepare;
    });
    // Prepared from now on, whatever the rest of the message does (PREPARE runs first).
    for (const name of missing) this.#prepared.add(name);
    const results = (await send(`${prepares.join('; ')}; ${text}`)) as pg.QueryResult[];
    const own = results.slice(missing.length);
    return own.length === 1 ? own[0] : own;
  }
}

function isPlainConfig(value: unknown): value is QueryConfig {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as QueryConfig).text === 'string' &&
    typeof (value as QueryConfig).submit !== 'function'
  );
}
