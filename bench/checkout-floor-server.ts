/**
 * The floor for bench/checkout.ts (see bench/checkout-floor.ts): the checkout flow's store API
 * requests behind a bare Fastify with nothing else — no authentication, rate limit, schema
 * validation, logging, coupons, tax, price lists, workflow, after-effects or e-mail.
 *
 * FLOOR_CARTS=database (default): every request is one PL/pgSQL call in one round trip; the cart
 * lives in PostgreSQL. FLOOR_CARTS=memory: carts live in this process (lost if it dies — the
 * durability a real design would have to add back), their events are written in bulk every few
 * milliseconds, prices and stock come from a cache, and only the complete call writes, one
 * PL/pgSQL call placing the order. FLOOR_CARTS=redis: the same with carts in Redis (REDIS_URL;
 * a read and a write per change), shared between processes and kept in its append-only file.
 *
 *   DATABASE_URL=… STORE_ID=… PORT=… [FLOOR_CARTS=memory] node bench/checkout-floor-server.ts
 */
import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const storeId = process.env.STORE_ID!;
const app = Fastify({ logger: false });

type Answer = { status: number; body: unknown };
const refused = (status: number, title: string): Answer => ({ status, body: { title } });

/** One prepared call of a floor function; its JSON answer, or the error it raised as a 409. */
async function call(name: string, args: unknown[]): Promise<Answer> {
  const params = args.map((_, i) => `$${i + 1}`).join(', ');
  try {
    const { rows } = await pool.query<{ r: unknown }>({
      name,
      text: `SELECT ${name}(${params}) AS r`,
      values: args,
    });
    return { status: 200, body: rows[0]!.r };
  } catch (err) {
    const e = err as { code?: string; message: string };
    if (e.code === 'P0001') return refused(409, e.message);
    throw err;
  }
}

interface Carts {
  create(): Promise<Answer>;
  add(cartId: string, variantId: string, quantity: number): Promise<Answer>;
  contact(cartId: string, email: string, shipping: unknown, billing: unknown): Promise<Answer>;
  options(cartId: string): Promise<Answer>;
  ship(cartId: string, methodId: string): Promise<Answer>;
  complete(cartId: string, token: string, expectedTotal: number): Promise<Answer>;
}

const databaseCarts: Carts = {
  create: () => call('floor_cart_create', [storeId]),
  add: (id, variant, quantity) => call('floor_cart_add', [storeId, id, variant, quantity]),
  contact: (id, email, ship, bill) =>
    call('floor_cart_contact', [storeId, id, email, JSON.stringify(ship), JSON.stringify(bill)]),
  options: (id) => call('floor_shipping_options', [storeId, id]),
  ship: (id, method) => call('floor_cart_shipping', [storeId, id, method]),
  complete: (id, token, expected) => call('floor_cart_complete', [storeId, id, token, expected]),
};

/** Where carts off PostgreSQL are kept: this process's memory, or Redis (shared, append-only file). */
interface CartShelf<C> {
  get(id: string): Promise<C | undefined>;
  put(cart: C & { id: string }): Promise<void>;
}

function memoryShelf<C>(): CartShelf<C> {
  const carts = new Map<string, C>();
  return {
    get: async (id) => carts.get(id),
    put: async (cart) => void carts.set(cart.id, cart),
  };
}

function redisShelf<C>(url: string): CartShelf<C> {
  // Auto-pipelining: the commands of concurrent requests share a write to Redis.
  const redis = new Redis(url, { enableAutoPipelining: true });
  return {
    get: async (id) => {
      const json = await redis.get(`cart:${id}`);
      return json ? (JSON.parse(json) as C) : undefined;
    },
    put: async (cart) => void (await redis.set(`cart:${cart.id}`, JSON.stringify(cart), 'EX', 30 * 86_400)),
  };
}

async function heldCarts(shelfOf: <C>() => CartShelf<C>): Promise<Carts> {
  interface Line {
    variant_id: string;
    title: string;
    quantity: number;
    unit_price: number;
  }
  interface Cart {
    id: string;
    status: 'open' | 'completing' | 'completed';
    email?: string;
    shipping_address?: { country?: string };
    billing_address?: unknown;
    lines: Line[];
    shipping_method_id?: string;
    subtotal: number;
    shipping: number;
    version: number;
  }
  const carts = shelfOf<Cart>();
  const { rows: variants } = await pool.query<{
    id: string;
    title: string;
    price: number;
    available: number;
  }>(`SELECT id, title, price, on_hand - reserved AS available FROM variants WHERE store_id = $1`, [storeId]);
  const catalog = new Map(variants.map((v) => [v.id, v]));
  const { rows: methods } = await pool.query<{ id: string; country: string; name: string; amount: number }>(
    `SELECT id, country, name, amount FROM shipping_methods WHERE store_id = $1 ORDER BY amount`,
    [storeId],
  );

  // Events of cart changes, written together every 5 ms: one statement for many changes.
  let pending: [string, string, string][] = [];
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    await pool.query({
      name: 'floor_events',
      text: `INSERT INTO events (store_id, type, aggregate_id, payload)
             SELECT $1, t, a, p FROM unnest($2::text[], $3::text[], $4::jsonb[]) AS e(t, a, p)`,
      values: [storeId, batch.map((e) => e[0]), batch.map((e) => e[1]), batch.map((e) => e[2])],
    });
  };
  setInterval(
    () => flush().catch((err: Error) => console.error(`events not written: ${err.message}`)),
    5,
  ).unref();
  const emit = (type: string, cartId: string, payload: unknown) =>
    pending.push([type, cartId, JSON.stringify(payload)]);

  const view = (c: Cart) => ({
    id: c.id,
    status: c.status,
    version: c.version,
    email: c.email ?? null,
    lines: c.lines,
    totals: { subtotal: c.subtotal, shipping: c.shipping, total: c.subtotal + c.shipping },
  });
  const open = async (id: string): Promise<Cart | Answer> => {
    const c = await carts.get(id);
    if (!c) return refused(404, 'no such cart');
    if (c.status !== 'open') return refused(409, `the cart is ${c.status}`);
    return c;
  };
  const isAnswer = (x: Cart | Answer): x is Answer => 'status' in x && 'body' in x;

  return {
    async create() {
      const c: Cart = {
        id: `cart_${randomUUID()}`,
        status: 'open',
        lines: [],
        subtotal: 0,
        shipping: 0,
        version: 1,
      };
      await carts.put(c);
      emit('cart.created', c.id, {});
      return { status: 200, body: view(c) };
    },
    async add(id, variantId, quantity) {
      const c = await open(id);
      if (isAnswer(c)) return c;
      const v = catalog.get(variantId);
      if (!v) return refused(404, 'no such variant');
      const line = c.lines.find((l) => l.variant_id === variantId);
      if ((line?.quantity ?? 0) + quantity > v.available) return refused(409, 'out of stock');
      if (line) line.quantity += quantity;
      else c.lines.push({ variant_id: v.id, title: v.title, quantity, unit_price: v.price });
      c.subtotal += v.price * quantity;
      c.version++;
      await carts.put(c);
      emit('cart.line_added', c.id, { variant_id: v.id, quantity, unit_price: v.price });
      return { status: 200, body: view(c) };
    },
    async contact(id, email, shipping, billing) {
      const c = await open(id);
      if (isAnswer(c)) return c;
      Object.assign(c, {
        email,
        shipping_address: shipping,
        billing_address: billing,
        version: c.version + 1,
      });
      await carts.put(c);
      emit('cart.contact_updated', c.id, { email });
      return { status: 200, body: view(c) };
    },
    async options(id) {
      const c = await carts.get(id);
      if (!c) return refused(404, 'no such cart');
      const country = c.shipping_address?.country;
      return { status: 200, body: { data: methods.filter((m) => m.country === country) } };
    },
    async ship(id, methodId) {
      const c = await open(id);
      if (isAnswer(c)) return c;
      const m = methods.find((x) => x.id === methodId && x.country === c.shipping_address?.country);
      if (!m) return refused(422, 'no such shipping method for this address');
      Object.assign(c, { shipping_method_id: m.id, shipping: m.amount, version: c.version + 1 });
      await carts.put(c);
      emit('cart.shipping_selected', c.id, { method: m.id });
      return { status: 200, body: view(c) };
    },
    async complete(id, token, expected) {
      const c = await carts.get(id);
      if (!c) return refused(404, 'no such cart');
      if (c.status === 'open') {
        if (!c.email || !c.shipping_method_id) return refused(409, 'the cart is not ready');
        if (c.subtotal + c.shipping !== expected) return refused(409, 'the total changed');
        if (token !== 'tok_visa') return refused(402, 'the card was declined');
        c.status = 'completing';
      }
      // A second complete while the first runs is answered by the database: the cart's id is its key.
      const r = await call('floor_place_order', [storeId, JSON.stringify(c)]);
      c.status = r.status === 200 ? 'completed' : 'open';
      await carts.put(c);
      return r;
    },
  };
}

const carts =
  process.env.FLOOR_CARTS === 'memory'
    ? await heldCarts(memoryShelf)
    : process.env.FLOOR_CARTS === 'redis'
      ? await heldCarts(() => redisShelf(process.env.REDIS_URL!))
      : databaseCarts;

app.get('/ready', async () => ({ ready: true }));

type Body = Record<string, unknown>;
type Params = { id: string };

app.post('/store/v1/carts', async (_req, reply) => {
  const r = await carts.create();
  return reply.code(r.status === 200 ? 201 : r.status).send(r.body);
});

app.post<{ Params: Params; Body: Body }>('/store/v1/carts/:id/lines', async (req, reply) => {
  const { variant_id, quantity } = req.body;
  if (typeof variant_id !== 'string' || !Number.isInteger(quantity) || (quantity as number) < 1)
    return reply.code(400).send({ title: 'variant_id and a positive quantity are required' });
  const r = await carts.add(req.params.id, variant_id, quantity as number);
  return reply.code(r.status).send(r.body);
});

app.patch<{ Params: Params; Body: Body }>('/store/v1/carts/:id', async (req, reply) => {
  const { email, shipping_address, billing_address } = req.body;
  if (typeof email !== 'string' || !email.includes('@'))
    return reply.code(400).send({ title: 'a valid e-mail is required' });
  const r = await carts.contact(req.params.id, email, shipping_address, billing_address);
  return reply.code(r.status).send(r.body);
});

app.get<{ Params: Params }>('/store/v1/carts/:id/shipping-options', async (req, reply) => {
  const r = await carts.options(req.params.id);
  return reply.code(r.status).send(r.body);
});

app.put<{ Params: Params; Body: Body }>('/store/v1/carts/:id/shipping-method', async (req, reply) => {
  const { method_id } = req.body;
  if (typeof method_id !== 'string') return reply.code(400).send({ title: 'method_id is required' });
  const r = await carts.ship(req.params.id, method_id);
  return reply.code(r.status).send(r.body);
});

app.post<{ Params: Params; Body: Body }>('/store/v1/carts/:id/complete', async (req, reply) => {
  const { payment_method, expected_total } = req.body;
  if (typeof payment_method !== 'string' || !Number.isInteger(expected_total))
    return reply.code(400).send({ title: 'payment_method and expected_total are required' });
  const r = await carts.complete(req.params.id, payment_method, expected_total as number);
  return reply.code(r.status).send(r.body);
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
// Stop with the bench: a floor server left behind would hold its port and the database.
process.on('disconnect', () => process.exit(0));
