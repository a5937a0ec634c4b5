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

type QueryConfig = pg.QueryConfig & { submit?: unknown };

/** A `pg.Client` that names hot parameterised statements (see the module comment). */
export class PreparingClient extends pg.Client {
  // pg's `query` has many overloads; only a parameterised text or config is rewritten (drizzle
  // passes its config and the values apart).
  override query(...args: unknown[]): never {
    const [first, second] = args;
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
}

function isPlainConfig(value: unknown): value is QueryConfig {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as QueryConfig).text === 'string' &&
    typeof (value as QueryConfig).submit !== 'function'
  );
}
