/**
 * The floor for bench/checkout.ts (see bench/checkout-floor.ts): the checkout flow's seven store
 * API requests, each one PL/pgSQL call in one round trip, behind a bare Fastify with nothing else
 * — no authentication, rate limit, schema validation, logging, coupons, tax, price lists,
 * workflow, after-effects or e-mail. What no implementation of the flow can beat on this machine
 * with this stack.
 *
 *   DATABASE_URL=… STORE_ID=… PORT=… node bench/checkout-floor-server.ts
 */
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 20 });
const storeId = process.env.STORE_ID!;
const app = Fastify({ logger: false });

/** One prepared call of a floor function; its JSON answer, or the error it raised as a 4xx. */
async function call(name: string, args: unknown[]): Promise<{ status: number; body: unknown }> {
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
    if (e.code === 'P0001') return { status: 409, body: { title: e.message } };
    throw err;
  }
}

app.get('/ready', async () => ({ ready: true }));

type Body = Record<string, unknown>;
type Params = { id: string };

app.post('/store/v1/carts', async (_req, reply) => {
  const r = await call('floor_cart_create', [storeId]);
  return reply.code(r.status === 200 ? 201 : r.status).send(r.body);
});

app.post<{ Params: Params; Body: Body }>('/store/v1/carts/:id/lines', async (req, reply) => {
  const { variant_id, quantity } = req.body;
  if (typeof variant_id !== 'string' || !Number.isInteger(quantity) || (quantity as number) < 1)
    return reply.code(400).send({ title: 'variant_id and a positive quantity are required' });
  const r = await call('floor_cart_add', [storeId, req.params.id, variant_id, quantity]);
  return reply.code(r.status).send(r.body);
});

app.patch<{ Params: Params; Body: Body }>('/store/v1/carts/:id', async (req, reply) => {
  const { email, shipping_address, billing_address } = req.body;
  if (typeof email !== 'string' || !email.includes('@'))
    return reply.code(400).send({ title: 'a valid e-mail is required' });
  const r = await call('floor_cart_contact', [
    storeId,
    req.params.id,
    email,
    JSON.stringify(shipping_address),
    JSON.stringify(billing_address),
  ]);
  return reply.code(r.status).send(r.body);
});

app.get<{ Params: Params }>('/store/v1/carts/:id/shipping-options', async (req, reply) => {
  const r = await call('floor_shipping_options', [storeId, req.params.id]);
  return reply.code(r.status).send(r.body);
});

app.put<{ Params: Params; Body: Body }>('/store/v1/carts/:id/shipping-method', async (req, reply) => {
  const { method_id } = req.body;
  if (typeof method_id !== 'string') return reply.code(400).send({ title: 'method_id is required' });
  const r = await call('floor_cart_shipping', [storeId, req.params.id, method_id]);
  return reply.code(r.status).send(r.body);
});

app.post<{ Params: Params; Body: Body }>('/store/v1/carts/:id/complete', async (req, reply) => {
  const { payment_method, expected_total } = req.body;
  if (typeof payment_method !== 'string' || !Number.isInteger(expected_total))
    return reply.code(400).send({ title: 'payment_method and expected_total are required' });
  const r = await call('floor_cart_complete', [storeId, req.params.id, payment_method, expected_total]);
  return reply.code(r.status).send(r.body);
});

await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
// Stop with the bench: a floor server left behind would hold its port and the database.
process.on('disconnect', () => process.exit(0));
