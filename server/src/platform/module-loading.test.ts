import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';

const HOOK = new URL('./module-loading.ts', import.meta.url).href;

/** Every module URL a fresh Node loads for drizzle's entries, with or without Carton's hook. */
function drizzleModules(withHook: boolean): string[] {
  const script = `
    import { registerHooks } from 'node:module';
    const loaded = new Set();
    registerHooks({ load(url, context, next) { loaded.add(url); return next(url, context); } });
    ${withHook ? `(await import(${JSON.stringify(HOOK)})).speedUpModuleLoading();` : ''}
    const core = await import('drizzle-orm');
    const pg = await import('drizzle-orm/pg-core');
    await import('drizzle-orm/node-postgres');
    if (!core.is(pg.pgTable('t', { id: pg.integer() }), pg.PgTable)) throw new Error('two copies of drizzle');
    console.log(JSON.stringify([...loaded].filter((u) => u.includes('/drizzle-orm/')).sort()));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '1' },
    encoding: 'utf8',
  });
  return JSON.parse(out) as string[];
}

it("resolves drizzle-orm's modules to exactly the files Node itself would load", () => {
  const plain = drizzleModules(false);
  expect(plain.length).toBeGreaterThan(100);
  expect(drizzleModules(true)).toEqual(plain);
});
