import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../../platform/auth/principal.ts';
import type { Platform } from '../../../platform/context.ts';
import type { App } from '../../../platform/http/app.ts';
import {
  activateCustomerAccount,
  getCustomer,
  loginCustomer,
  logoutCustomer,
  refreshCustomerTokens,
  registerCustomer,
  requestCustomerPasswordReset,
  resetCustomerPassword,
  updateCustomerProfile,
} from '../customers.ts';
import { resendEmailVerification, verifyCustomerEmail } from '../email-proof.ts';
import { Email, Password } from '../passwords.ts';
import { CUSTOMER_PERMISSION, STOREFRONT_PERMISSION } from '../permissions.ts';
import { Accepted, CustomerAuthOut, customerAuthOut, CustomerOut, customerOut } from './wire.ts';

const TAGS = ['customer accounts'];
const KEY = [{ publishableKey: [] }];
const SIGNED_IN = [{ publishableKey: [], bearer: [] }];
/** Routes that need the store's publishable key but no shopper token; tokens are never stored for replay. */
const KEY_ONLY = { authentication: 'key', idempotency: false } as const;
const Name = z.string().trim().min(1).max(100);

function customerOf(req: FastifyRequest): { storeId: string; customerId: string; sessionId: string } {
  const p = principalOf(req);
  return { storeId: storeOf(req), customerId: p.customerId!, sessionId: p.sessionId! };
}

/** Shopper accounts on the storefront API. Every route needs the store's publishable key. */
export async function customerRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const needsKey = requirePermission(STOREFRONT_PERMISSION);
  const needsCustomer = requirePermission(CUSTOMER_PERMISSION);

  r.post(
    '/store/v1/customers/register',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: 'Create a shopper account and sign in',
        security: KEY,
        body: z.object({
          email: Email,
          password: Password,
          first_name: Name.optional(),
          last_name: Name.optional(),
        }),
        response: { 201: CustomerAuthOut },
      },
    },
    async (req, reply) => {
      const { customer, tokens } = await registerCustomer(platform, {
        storeId: storeOf(req),
        email: req.body.email,
        password: req.body.password,
        firstName: req.body.first_name,
        lastName: req.body.last_name,
      });
      return reply.code(201).send(customerAuthOut(tokens, customer));
    },
  );

  r.post(
    '/store/v1/customers/login',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: 'Sign in a shopper',
        description:
          'Repeated failures lock the account and the IP for a while (429 ACCOUNT_LOCKED with Retry-After).',
        security: KEY,
        body: z.object({ email: Email, password: z.string().min(1).max(256) }),
        response: { 200: CustomerAuthOut },
      },
    },
    async (req) => {
      const { customer, tokens } = await loginCustomer(platform, {
        storeId: storeOf(req),
        email: req.body.email,
        password: req.body.password,
        ip: req.ip,
      });
      return customerAuthOut(tokens, customer);
    },
  );

  r.post(
    '/store/v1/customers/refresh',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: "Exchange a shopper's refresh token for new tokens (single use; reuse ends the session)",
        security: KEY,
        body: z.object({ refresh_token: z.string().min(1).max(512) }),
        response: { 200: CustomerAuthOut },
      },
    },
    async (req) => {
      const { customer, tokens } = await refreshCustomerTokens(platform, {
        storeId: storeOf(req),
        refreshToken: req.body.refresh_token,
      });
      return customerAuthOut(tokens, customer);
    },
  );

  r.post(
    '/store/v1/customers/logout',
    {
      config: { idempotency: false },
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        summary: "End the shopper's session",
        security: SIGNED_IN,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const me = customerOf(req);
      await logoutCustomer(platform, { storeId: me.storeId, sessionId: me.sessionId });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/store/v1/customers/password/forgot',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: 'E-mail a password-reset link (always 202)',
        security: KEY,
        body: z.object({ email: Email }),
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      await requestCustomerPasswordReset(platform, { storeId: storeOf(req), email: req.body.email });
      return reply.code(202).send({ accepted: true });
    },
  );

  r.post(
    '/store/v1/customers/password/reset',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: "Choose a new password with the e-mailed token; the shopper's sessions end",
        security: KEY,
        body: z.object({ token: z.string().min(1).max(512), password: Password }),
        response: { 200: z.object({ customer: CustomerOut }) },
      },
    },
    async (req) => {
      const customer = await resetCustomerPassword(platform, {
        storeId: storeOf(req),
        token: req.body.token,
        password: req.body.password,
      });
      return { customer: customerOut(customer) };
    },
  );

  r.post(
    '/store/v1/customers/activate',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: "Accept the shop's invitation: choose a password and sign in",
        description:
          'With the token e-mailed when staff invited the customer (`POST /admin/v1/customers/{id}/invite`). ' +
          'A token spent, expired, replaced by a newer invitation or of another store is 401; so is one for an ' +
          'account that has a password by now. Emits `customer.registered` (`invited: true`): earlier guest ' +
          'orders of the e-mail join the account.',
        security: KEY,
        body: z.object({ token: z.string().min(1).max(512), password: Password }),
        response: { 200: CustomerAuthOut },
      },
    },
    async (req) => {
      const { customer, tokens } = await activateCustomerAccount(platform, {
        storeId: storeOf(req),
        token: req.body.token,
        password: req.body.password,
      });
      return customerAuthOut(tokens, customer);
    },
  );

  r.post(
    '/store/v1/customers/verify-email',
    {
      config: KEY_ONLY,
      preHandler: needsKey,
      schema: {
        tags: TAGS,
        summary: 'Confirm the e-mail address with the token e-mailed at registration',
        description:
          'Orders placed with the address as a guest then join the account (`customer.email_verified`). A ' +
          'spent, expired, replaced or foreign token is 401. Accepting an invitation or resetting the password ' +
          'confirms the address too.',
        security: KEY,
        body: z.object({ token: z.string().min(1).max(512) }),
        response: { 200: z.object({ customer: CustomerOut }) },
      },
    },
    async (req) => ({
      customer: customerOut(
        await verifyCustomerEmail(platform, { storeId: storeOf(req), token: req.body.token }),
      ),
    }),
  );

  r.post(
    '/store/v1/customers/me/verify-email',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        summary: 'E-mail the confirmation link again (always 202)',
        security: SIGNED_IN,
        response: { 202: Accepted },
      },
    },
    async (req, reply) => {
      const me = customerOf(req);
      await resendEmailVerification(platform, { storeId: me.storeId, customerId: me.customerId });
      return reply.code(202).send({ accepted: true });
    },
  );

  r.get(
    '/store/v1/customers/me',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        summary: 'The signed-in shopper',
        security: SIGNED_IN,
        response: { 200: CustomerOut },
      },
    },
    async (req) => {
      const me = customerOf(req);
      return customerOut(await getCustomer(platform, me));
    },
  );

  r.patch(
    '/store/v1/customers/me',
    {
      preHandler: needsCustomer,
      schema: {
        tags: TAGS,
        summary: "Change the signed-in shopper's name",
        security: SIGNED_IN,
        body: z.object({ first_name: Name.nullable().optional(), last_name: Name.nullable().optional() }),
        response: { 200: CustomerOut },
      },
    },
    async (req) => {
      const me = customerOf(req);
      const customer = await updateCustomerProfile(platform, {
        storeId: me.storeId,
        customerId: me.customerId,
        firstName: req.body.first_name,
        lastName: req.body.last_name,
      });
      return customerOut(customer);
    },
  );
}
