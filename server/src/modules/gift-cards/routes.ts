import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { principalOf, requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { sendCsvDownload } from '../../platform/http/csv-download.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import { CUSTOMER_PERMISSION, STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import {
  adjustGiftCard,
  GiftCardAdjustment,
  giftCardBalance,
  GiftCardCode,
  GiftCardListQuery,
  GiftCardPatch,
  getGiftCard,
  issueGiftCard,
  issueGiftCardBatch,
  IssueGiftCardBatchInput,
  IssueGiftCardInput,
  listGiftCards,
  listOwnGiftCards,
  updateGiftCard,
} from './cards.ts';
import {
  GiftCardBalanceView,
  GiftCardDetailView,
  GiftCardView,
  IssuedGiftCardView,
  OwnGiftCardView,
} from './views.ts';

const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['gift-cards'];
const READ = requirePermission('gift_cards.read');
const MANAGE = requirePermission('gift_cards.manage');
const Params = z.object({ giftCardId: z.string().min(1).max(64) });

/** Admin API for gift cards, and the storefront's balance check. Shoppers spend them at checkout. */
export async function giftCardRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;

  r.post(
    '/admin/v1/gift-cards',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Issue a gift card',
        description:
          'The answer holds the whole `code`, this once: Carton keeps only its hash. With `recipient_email` the ' +
          'code is e-mailed to the recipient (in the store’s language) as well.',
        body: IssueGiftCardInput,
        response: { 201: IssuedGiftCardView },
      },
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(
          await issueGiftCard(platform, { storeId: storeOf(req), input: req.body, actor: auditContext(req) }),
        ),
  );

  r.post(
    '/admin/v1/gift-cards/batch',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Issue many gift cards of one value at once, as CSV',
        description:
          'Up to 500 cards, all or none (to print, or to hand out in a promotion). The answer is a CSV download ' +
          'with every code — the one time they are shown: Carton keeps only their hashes.',
        body: IssueGiftCardBatchInput,
        response: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } } },
      },
    },
    async (req, reply) => {
      const csv = await issueGiftCardBatch(platform, {
        storeId: storeOf(req),
        input: req.body,
        actor: auditContext(req),
      });
      return sendCsvDownload(reply, `gift-cards-${new Date().toISOString().slice(0, 10)}.csv`, csv);
    },
  );

  r.get(
    '/admin/v1/gift-cards',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: "The store's gift cards, newest first",
        querystring: GiftCardListQuery,
        response: { 200: pageSchema(GiftCardView) },
      },
    },
    async (req) => listGiftCards(db, { storeId: storeOf(req), query: req.query }),
  );

  r.get(
    '/admin/v1/gift-cards/:giftCardId',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'One gift card, with its balance’s history',
        params: Params,
        response: { 200: GiftCardDetailView },
      },
    },
    async (req) => getGiftCard(db, { storeId: storeOf(req), giftCardId: req.params.giftCardId }),
  );

  r.patch(
    '/admin/v1/gift-cards/:giftCardId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Disable or enable a gift card, or change its expiry or note',
        params: Params,
        body: GiftCardPatch,
        response: { 200: GiftCardDetailView },
      },
    },
    async (req) =>
      updateGiftCard(db, {
        storeId: storeOf(req),
        giftCardId: req.params.giftCardId,
        patch: req.body,
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/gift-cards/:giftCardId/adjustments',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Add value to a gift card, or take some off',
        description: 'Recorded in the card’s history with the reason. The balance never goes below 0 (422).',
        params: Params,
        body: GiftCardAdjustment,
        response: { 200: GiftCardDetailView },
      },
    },
    async (req) =>
      adjustGiftCard(db, {
        storeId: storeOf(req),
        giftCardId: req.params.giftCardId,
        input: req.body,
        actor: auditContext(req),
      }),
  );

  r.get(
    '/store/v1/customers/me/gift-cards',
    {
      preHandler: requirePermission(CUSTOMER_PERMISSION),
      schema: {
        tags: ['storefront'],
        security: [{ publishableKey: [], bearer: [] }],
        summary: 'My gift cards and store credit',
        description:
          'Cards issued to the signed-in shopper (store credit for a return, or by staff): those that can still ' +
          'be spent first. Spend one without its code by naming its id in `gift_card_ids` when completing a cart.',
        response: { 200: z.object({ data: z.array(OwnGiftCardView) }) },
      },
    },
    async (req) => ({
      data: await listOwnGiftCards(db, { storeId: storeOf(req), customerId: principalOf(req).customerId! }),
    }),
  );

  r.post(
    '/store/v1/gift-cards/balance',
    {
      preHandler: requirePermission(STOREFRONT_PERMISSION),
      schema: {
        tags: ['storefront'],
        security: [{ publishableKey: [] }],
        summary: 'What is left on a gift card',
        description:
          'For whoever holds the code (a POST, so the code never sits in a URL or a log). An unknown code is ' +
          '422 GIFT_CARD_INVALID. To spend a card, name it in `gift_cards` when completing the cart.',
        body: z.strictObject({ code: GiftCardCode }),
        response: { 200: GiftCardBalanceView },
      },
    },
    async (req) => giftCardBalance(db, { storeId: storeOf(req), code: req.body.code }),
  );
}
