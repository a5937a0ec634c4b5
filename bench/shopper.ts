/**
 * One shopper's checkout through the store API, as bench/checkout.ts and bench/checkout-floor.ts
 * both run it: create a cart → add 3 items → set e-mail and addresses → list the shipping options
 * and choose the first → complete with `tok_visa` and the total the shopper saw.
 */

export type Call = (
  method: string,
  path: string,
  body?: unknown,
) => Promise<{ status: number; body: Record<string, unknown> }>;

export const ADDRESS = {
  line1: '1 Main St',
  city: 'Austin',
  region: 'TX',
  postal_code: '73301',
  country: 'US',
};

export type CheckoutOutcome =
  | { ok: true; addMs: number[]; completeMs: number; flowMs: number }
  | { ok: false; step: string; status: number; body: unknown };

/** One checkout; `variants` are taken in turn from `next` on. */
export async function checkoutOnce(
  call: Call,
  o: { variants: { id: string }[]; next: () => number; email: string },
): Promise<CheckoutOutcome> {
  const t0 = performance.now();
  const failed = (step: string, r: { status: number; body: unknown }): CheckoutOutcome => ({
    ok: false,
    step,
    status: r.status,
    body: r.body,
  });
  const cart = await call('POST', '/store/v1/carts', {});
  if (cart.status !== 201) return failed('create cart', cart);
  const id = cart.body.id as string;
  const addMs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const a0 = performance.now();
    const added = await call('POST', `/store/v1/carts/${id}/lines`, {
      variant_id: o.variants[o.next() % o.variants.length]!.id,
      quantity: 1,
    });
    addMs.push(performance.now() - a0);
    if (added.status !== 200) return failed('add to cart', added);
  }
  const contact = await call('PATCH', `/store/v1/carts/${id}`, {
    email: o.email,
    shipping_address: ADDRESS,
    billing_address: ADDRESS,
  });
  if (contact.status !== 200) return failed('contact', contact);
  const options = await call('GET', `/store/v1/carts/${id}/shipping-options`);
  const first = (options.body.data as { id: string }[] | undefined)?.[0];
  if (options.status !== 200 || !first) return failed('shipping options', options);
  const chosen = await call('PUT', `/store/v1/carts/${id}/shipping-method`, { method_id: first.id });
  if (chosen.status !== 200) return failed('shipping method', chosen);
  const total = (chosen.body.totals as { total: number }).total;
  const c0 = performance.now();
  const done = await call('POST', `/store/v1/carts/${id}/complete`, {
    payment_method: 'tok_visa',
    expected_total: total,
  });
  const t1 = performance.now();
  if (done.status !== 200 || done.body.status !== 'completed') return failed('complete', done);
  return { ok: true, addMs, completeMs: t1 - c0, flowMs: t1 - t0 };
}
