import { randomBytes } from 'node:crypto';
import { call } from '../../../test/identity.ts';

/** Test helpers: shoppers signed in over real HTTP, and quick reads of this module's tables. */

type Server = { url: string };

export interface TestShopper {
  id: string;
  email: string;
  password: string;
  /** Publishable key and shopper token, ready for the store API. */
  headers: Record<string, string>;
}

export const uniqueEmail = (tag = 'shopper') => `${tag}-${randomBytes(5).toString('hex')}@example.com`;

/** Register a shopper with the store's publishable key and sign them in. */
export async function registerShopper(
  server: Server,
  publishableKey: Record<string, string>,
  options: { email?: string; firstName?: string; lastName?: string } = {},
): Promise<TestShopper> {
  const email = options.email ?? uniqueEmail();
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const res = await call(server, 'POST', '/store/v1/customers/register', {
    headers: publishableKey,
    body: {
      email,
      password,
      ...(options.firstName ? { first_name: options.firstName } : {}),
      ...(options.lastName ? { last_name: options.lastName } : {}),
    },
  });
  if (res.status !== 201) throw new Error(`register → ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.customer.id,
    email,
    password,
    headers: { ...publishableKey, authorization: `Bearer ${res.body.access_token}` },
  };
}

export { eventsOf, rowsOf } from '../../../test/records.ts';

/** Wait until `check` returns something truthy (events handled by the worker, say). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
