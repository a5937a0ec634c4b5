import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { newId } from '../../platform/ids.ts';
import { auditContext } from '../audit/service.ts';
import { CUSTOMER_PERMISSION } from '../identity/permissions.ts';
import { PaymentMethodToken } from './payment-methods.ts';
import {
  CardSetupView,
  listSavedCards,
  prepareCardSetup,
  removeSavedCard,
  saveCard,
  SavedCardView,
} from './saved-cards.ts';

const SIGNED_IN: Record<string, string[]>[] = [{ publishableKey: [], bearer: [] }];
const STAFF: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const Id = z.string().trim().min(1).max(64);
const CardParams = z.object({ cardId: Id });
const CustomerCardParams = z.object({ customerId: Id, cardId: Id });
const SavedCards = z.object({ data: z.array(SavedCardView) });
const SaveCardBody = z.strictObject({ payment_method: PaymentMethodToken });

/** The provider's idempotency key for a save asked over HTTP: the caller's Idempotency-Key, scoped to them. */
function saveKey(req: FastifyRequest, customerId: string): string {
  const header = req.headers['idempotency-key'];
  return `carton:save:${customerId}:${typeof header === 'string' ? header : newId('key')}`;
}

/** Saved cards: the signed-in shopper's own (store API) and a customer's (admin API, read and remove). */
export async function savedCardRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const signedIn = requirePermission(CUSTOMER_PERMISSION);
  const me = (req: FastifyRequest) => ({ storeId: storeOf(req), customerId: principalOf(req).customerId! });

  r.get(
    '/store/v1/customers/me/payment-methods',
    {
      preHandler: signedIn,
      schema: {
        tags: ['storefront'],
        security: SIGNED_IN,
        summary: 'My saved cards',
        description:
          'Cards kept for the signed-in shopper by the store’s payment provider, the last used first. Pay with ' +
          'one by naming its id as `payment_method` when completing a cart.',
        response: { 200: SavedCards },
      },
    },
    async (req) => ({ data: await listSavedCards(platform.db, me(req)) }),
  );

  r.post(
    '/store/v1/customers/me/payment-methods',
    {
      preHandler: signedIn,
      schema: {
        tags: ['storefront'],
        security: SIGNED_IN,
        summary: 'Save a card',
        description:
          'The token the payment provider gave the storefront (tok_visa with the test processor; pm_… or tok_… ' +
          'with Stripe) becomes a card kept for the shopper. 201 with the card; 200 with the card saved before ' +
          'when it is the same card. A card the bank refuses is 402 PAYMENT_DECLINED; at most 10 cards (422).',
        body: SaveCardBody,
        response: { 200: SavedCardView, 201: SavedCardView },
      },
    },
    async (req, reply) => {
      const who = me(req);
      const { card, created } = await saveCard(platform, {
        ...who,
        paymentMethod: req.body.payment_method,
        idempotencyKey: saveKey(req, who.customerId),
      });
      return reply.code(created ? 201 : 200).send(card);
    },
  );

  r.post(
    '/store/v1/customers/me/payment-methods/setup',
    {
      preHandler: signedIn,
      schema: {
        tags: ['storefront'],
        security: SIGNED_IN,
        summary: 'Ready a card to be saved',
        description:
          'Stripe: a SetupIntent for off-session use — confirm its `client_secret` with Stripe.js (the bank may ask ' +
          'for 3-D Secure now rather than decline a later charge), then save the PaymentMethod it gives with ' +
          '`POST …/payment-methods`. The test processor needs no setup (`client_secret` null): save its token.',
        response: { 200: CardSetupView },
      },
    },
    async (req) => {
      const who = me(req);
      return prepareCardSetup(platform, {
        ...who,
        idempotencyKey: saveKey(req, who.customerId).replace(':save:', ':setup:'),
      });
    },
  );

  r.delete(
    '/store/v1/customers/me/payment-methods/:cardId',
    {
      preHandler: signedIn,
      schema: {
        tags: ['storefront'],
        security: SIGNED_IN,
        summary: 'Remove a saved card',
        description: 'Detached at the payment provider (it can no longer be charged), then forgotten.',
        params: CardParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await removeSavedCard(platform, { ...me(req), cardId: req.params.cardId });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/admin/v1/customers/:customerId/payment-methods',
    {
      preHandler: requirePermission('customers.read'),
      schema: {
        tags: ['customers'],
        security: STAFF,
        summary: "A customer's saved cards",
        description: 'Brand, last four digits and expiry: Carton never holds a card number.',
        params: z.object({ customerId: Id }),
        response: { 200: SavedCards },
      },
    },
    async (req) => ({
      data: await listSavedCards(platform.db, { storeId: storeOf(req), customerId: req.params.customerId }),
    }),
  );

  r.delete(
    '/admin/v1/customers/:customerId/payment-methods/:cardId',
    {
      preHandler: requirePermission('customers.manage'),
      schema: {
        tags: ['customers'],
        security: STAFF,
        summary: "Remove a customer's saved card",
        description:
          'A card reported lost, or at the customer’s request: detached at the provider, forgotten, audited ' +
          '(`payment_method.removed`).',
        params: CustomerCardParams,
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      await removeSavedCard(platform, {
        storeId: storeOf(req),
        customerId: req.params.customerId,
        cardId: req.params.cardId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );
}
