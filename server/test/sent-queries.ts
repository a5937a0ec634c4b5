import pg from 'pg';

/**
 * The SQL text of every message this process sends to PostgreSQL while `work` runs (every
 * client, pooled or not): for tests that pin how many round trips an operation costs. With
 * `tagged`, each text is prefixed with the connection that sent it (`c3: …`), to follow one
 * transaction through interleaved work when reading a dump.
 */
export async function sentQueries(
  work: () => Promise<unknown>,
  opts: { tagged?: boolean } = {},
): Promise<string[]> {
  const sent: string[] = [];
  const original = pg.Client.prototype.query;
  const tags = new WeakMap<pg.Client, number>();
  let next = 1;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string }).text;
    if (opts.tagged) {
      if (!tags.has(this)) tags.set(this, next++);
      sent.push(`c${tags.get(this)}: ${String(text)}`);
    } else sent.push(String(text));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = original;
  }
  return sent;
}
