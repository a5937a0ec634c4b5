import { parseArgs } from 'node:util';
import type { SeedResult } from './modules/identity/seed.ts';
import type { Config } from './platform/config.ts';
import type { Logger } from './platform/logger.ts';
import type { Runtime } from './platform/runtime.ts';

export interface CommandContext {
  config: Config;
  log: Logger;
}

/** Commands beyond the process roles: seed, user create. Returns false for an unknown command. */
export async function runCommand(command: string, args: string[], ctx: CommandContext): Promise<boolean> {
  switch (command) {
    case 'seed': {
      const catalog = parseSeedArgs(args);
      await withPlatform(ctx, async (runtime) => {
        const result = await seedDemo(runtime);
        if (result.created) printSeed(result, null);
        else console.log('Demo data already present; nothing created.');
        if (result.store.created) {
          await seedDemoCatalog(runtime, result.store.id);
          await seedDemoPayments(runtime, result.store.id);
          await seedDemoGiftCard(runtime, result.store.id);
        }
        await seedDemoShippingAndTax(runtime, result.store.id);
        if (catalog) await seedCatalogCommand(runtime, catalog);
      });
      return true;
    }
    case 'user':
      if (args[0] !== 'create') return false;
      await createUserCommand(args.slice(1), ctx);
      return true;
    default:
      return false;
  }
}

const SEED_USAGE = 'usage: carton seed [--products <N> [--store <handle>]]';

/** `--products N [--store handle]`: also generate a catalog of N products (null without it). */
function parseSeedArgs(args: string[]): { products: number; store: string } | null {
  let values: { products?: string; store?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: { products: { type: 'string' }, store: { type: 'string' } },
      strict: true,
    }));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${SEED_USAGE}`, { cause: err });
  }
  if (values.products === undefined) {
    if (values.store !== undefined) throw new Error(SEED_USAGE);
    return null;
  }
  const products = Number(values.products);
  if (!Number.isSafeInteger(products) || products < 1 || products > 10_000_000) {
    throw new Error(`--products must be a whole number from 1 to 10000000\n${SEED_USAGE}`);
  }
  return { products, store: values.store ?? 'demo' };
}

/** Generate a catalog with a progress line (rate and ETA) on stdout. */
async function seedCatalogCommand(
  runtime: Runtime,
  opts: { products: number; store: string },
): Promise<void> {
  const { findStoreByHandle } = await import('./modules/tenancy/service.ts');
  const { seedCatalog } = await import('./modules/catalog/csv/seed-catalog.ts');
  const store = await findStoreByHandle(runtime.platform.db, opts.store);
  if (!store) throw new Error(`No store with handle "${opts.store}".`);
  const tty = process.stdout.isTTY;
  let lastPrinted = 0;
  const result = await seedCatalog(runtime.platform, {
    storeId: store.id,
    products: opts.products,
    onProgress: (p) => {
      const now = Date.now();
      if (!tty && now - lastPrinted < 2000 && p.done < p.total) return;
      lastPrinted = now;
      const pct = ((p.done / p.total) * 100).toFixed(1);
      const line =
        `${p.phase === 'products' ? 'products' : 'search index'} ${p.done}/${p.total} (${pct}%) ` +
        `${Math.round(p.rate)}/s, ETA ${Math.ceil(p.etaSeconds)}s`;
      if (tty) process.stdout.write(`\r${line.padEnd(70)}${p.done >= p.total ? '\n' : ''}`);
      else console.log(line);
    },
  });
  console.log(
    `Seeded ${result.products} products (${result.variants} variants, ${result.categories} categories) ` +
      `in store ${store.handle} in ${result.seconds.toFixed(1)}s; stock at ${result.stock.locations} ` +
      `location(s): ${result.stock.outOfStock} variants out of stock, ${result.stock.low} low.`,
  );
}

const USER_CREATE_USAGE =
  'usage: carton user create --email <email> --password <password> --role <role> [--store <handle>]\n' +
  '  without --store: an operator role (admin, account_executive, implementation_consultant, support, read_only)\n' +
  '  with --store:    a store role (owner, admin, staff, read_only)';

async function createUserCommand(args: string[], ctx: CommandContext): Promise<void> {
  let values: { email?: string; password?: string; role?: string; store?: string };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        email: { type: 'string' },
        password: { type: 'string' },
        role: { type: 'string' },
        store: { type: 'string' },
      },
      strict: true,
    }));
  } catch (err) {
    throw new Error(`${(err as Error).message}\n${USER_CREATE_USAGE}`, { cause: err });
  }
  if (!values.email || !values.password || !values.role) throw new Error(USER_CREATE_USAGE);
  const { email, password, role, store } = values;
  await withPlatform(ctx, async (runtime) => {
    const { createUserFromCli } = await import('./modules/identity/seed.ts');
    const { isAppError } = await import('./platform/errors.ts');
    try {
      const out = await createUserFromCli(runtime.platform, { email, password, role, storeHandle: store });
      const where = store ? `${role} of store ${store}` : `operator ${role}`;
      console.log(`${out.created ? 'Created' : 'Updated'} ${out.user.email} (${out.user.id}) as ${where}.`);
    } catch (err) {
      if (!isAppError(err)) throw err;
      const details = err.errors?.map((e) => `\n  ${e.path}: ${e.message}`).join('') ?? '';
      throw new Error(`${err.message}${details}`, { cause: err });
    }
  });
}

/** Database, migrations and services without the API or workers, for one-shot commands. */
async function withPlatform(ctx: CommandContext, work: (runtime: Runtime) => Promise<void>): Promise<void> {
  const { startRuntime } = await import('./platform/runtime.ts');
  const runtime = await startRuntime({ api: false, worker: false, config: ctx.config, logger: ctx.log });
  try {
    await work(runtime);
  } finally {
    await runtime.stop();
  }
}

/** What a seed created, printed once: passwords and keys are not kept anywhere readable. */
function printSeed(result: SeedResult, url: string | null): void {
  const lines = ['Demo data created. Passwords and keys are shown only now; keep them:'];
  const user = (label: string, u: SeedResult['admin'], note: string) => {
    if (u.password) lines.push(`  ${label.padEnd(16)} ${u.email} / ${u.password}${note}`);
    else lines.push(`  ${label.padEnd(16)} ${u.email} (existing; password unchanged)`);
  };
  user('Operator admin', result.admin, '  (enrol MFA at first sign-in)');
  user('Store owner', result.owner, '  (enrol MFA at first sign-in)');
  lines.push(
    `  ${'Store'.padEnd(16)} ${result.store.name} (handle ${result.store.handle}, id ${result.store.id})`,
  );
  if (result.publishableKey) lines.push(`  ${'Publishable key'.padEnd(16)} ${result.publishableKey}`);
  if (result.secretKey) lines.push(`  ${'Secret key'.padEnd(16)} ${result.secretKey}`);
  if (url) lines.push(`  ${'Sign in'.padEnd(16)} POST ${url}/admin/v1/auth/login`);
  console.log(lines.join('\n') + '\n');
}

/** After `start`/`api`/`worker` come up: print where Carton listens. */
export async function onStarted(command: string, runtime: Runtime): Promise<void> {
  if (runtime.url) {
    console.log(`\nCarton is running (${command})`);
    console.log(`  API        ${runtime.url}`);
    console.log(`  Admin      ${runtime.url}/admin/`);
    console.log(`  API docs   ${runtime.url}/docs`);
    console.log(`  OpenAPI    ${runtime.url}/openapi.json`);
    console.log(`  Storefront ${runtime.url}/`);
    console.log('');
  }
  // A fresh installation gets its operator admin and demo store on first start.
  if (command === 'start') {
    const { isEmptyInstallation } = await import('./modules/identity/seed.ts');
    if (!(await isEmptyInstallation(runtime.platform))) return;
    const result = await seedDemo(runtime);
    printSeed(result, runtime.url); // before the catalog: credentials must not be lost to a Ctrl-C
    await seedDemoShippingAndTax(runtime, result.store.id);
    await seedDemoPayments(runtime, result.store.id);
    await seedDemoGiftCard(runtime, result.store.id);
    await seedDemoCatalog(runtime, result.store.id);
  }
}

/** A gift card to try at checkout: its code is shown only now (Carton keeps only its hash). */
async function seedDemoGiftCard(runtime: Runtime, storeId: string): Promise<void> {
  const { issueGiftCard } = await import('./modules/gift-cards/cards.ts');
  const card = await issueGiftCard(runtime.platform, {
    storeId,
    input: { currency: 'USD', value: 5000, note: 'Demo gift card' },
    actor: undefined,
  });
  console.log(`Demo gift card: ${card.code}, worth $50.00 (shown only now).\n`);
}

/** Cards (the test processor), cash on delivery and bank transfer. */
async function seedDemoPayments(runtime: Runtime, storeId: string): Promise<void> {
  const { seedDemoPayments } = await import('./modules/payments/seed.ts');
  await seedDemoPayments(runtime.platform, storeId);
}

/** The demo store (USD, in the US) ships and charges tax out of the box; only if it has neither set up. */
async function seedDemoShippingAndTax(runtime: Runtime, storeId: string): Promise<void> {
  const { seedDemoShipping } = await import('./modules/shipping/seed.ts');
  const { seedDemoTax } = await import('./modules/tax/seed.ts');
  const { seedDemoExchangeRates } = await import('./modules/pricing/seed.ts');
  const shipping = await seedDemoShipping(runtime.platform.db, { storeId, country: 'US', currency: 'USD' });
  const tax = await seedDemoTax(runtime.platform.db, { storeId });
  // The shop offers its prices in euros and đồng too (converted at demo rates).
  await seedDemoExchangeRates(runtime.platform.db, { storeId, baseCurrency: 'USD' });
  if (shipping.created || tax.created) {
    console.log(
      'Demo shipping and tax: domestic (US) and rest-of-the-world zones; sales tax in CA, NY and TX, VAT in GB.\n',
    );
  }
}

async function seedDemo(runtime: Runtime): Promise<SeedResult> {
  const { seedDemo } = await import('./modules/identity/seed.ts');
  return seedDemo(runtime.platform);
}

/** Products a newly created demo store is stocked with, so the storefront API has something to show. */
const DEMO_CATALOG_PRODUCTS = 200;

async function seedDemoCatalog(runtime: Runtime, storeId: string): Promise<void> {
  const { seedCatalog, seedDigitalProducts } = await import('./modules/catalog/csv/seed-catalog.ts');
  try {
    // First, so that the catalog's search index (built at its end) has them too.
    await seedDigitalProducts(runtime.platform, storeId);
    const catalog = await seedCatalog(runtime.platform, { storeId, products: DEMO_CATALOG_PRODUCTS });
    console.log(
      `Demo catalog: ${catalog.products} products with prices and stock, and a gift card and an e-book that ship nothing.\n`,
    );
  } catch (err) {
    // Stopped while seeding (Ctrl-C), or the database went away: the store is usable without it.
    console.log(
      `Demo catalog not finished (${(err as Error).message}); \`carton seed --products ${DEMO_CATALOG_PRODUCTS}\` adds one.`,
    );
  }
}
