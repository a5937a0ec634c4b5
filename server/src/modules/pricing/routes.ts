import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import {
  createPriceList,
  createPriceRule,
  deleteExchangeRate,
  deletePrice,
  deletePriceList,
  deletePriceListEntry,
  deletePriceRule,
  ExchangeRateInput,
  getPriceList,
  getPriceRule,
  listExchangeRates,
  listPriceListEntries,
  listPriceLists,
  listPriceRules,
  listPrices,
  PriceBatchInput,
  PriceInput,
  PriceListEntriesInput,
  PriceListInput,
  PriceListPatch,
  PriceListQuery,
  PriceRuleInput,
  PriceRulePatch,
  QuoteQuery,
  quotePrice,
  setExchangeRate,
  setPriceListEntries,
  setVariantPrice,
  setVariantPrices,
  updatePriceList,
  updatePriceRule,
} from './service.ts';
import {
  exchangeRateView,
  ExchangeRateView,
  priceListEntryView,
  PriceListEntryView,
  priceListView,
  PriceListView,
  priceQuoteView,
  PriceQuoteView,
  priceRuleView,
  PriceRuleView,
  priceView,
  PriceView,
} from './views.ts';

const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['pricing'];
const read = requirePermission('pricing.read');
const manage = requirePermission('pricing.manage');
const IdParam = z.string().min(1).max(64);
const PriceParams = z.object({ priceId: IdParam });
const ListParams = z.object({ priceListId: IdParam });
const EntryParams = ListParams.extend({ entryId: IdParam });
const RuleParams = z.object({ priceRuleId: IdParam });
const RateParams = z.object({ exchangeRateId: IdParam });
const NoContent = { 204: z.null() };

/** Admin API for prices, price lists, rules, exchange rates, and the "why this price" quote. */
export async function pricingRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = platform;

  // --- prices ---
  r.post(
    '/admin/v1/prices',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: "Set a variant's price in one currency",
        description:
          'Inserts or replaces the price of (variant_id, currency). Amounts are integer minor units ' +
          '(1999 = 19.99 USD; 50000 = 50,000 VND).',
        body: PriceInput,
        response: { 200: PriceView },
      },
    },
    async (req) =>
      priceView(
        await setVariantPrice(db, { storeId: storeOf(req), input: req.body, actor: auditContext(req) }),
      ),
  );

  r.post(
    '/admin/v1/prices/batch',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Set up to 1,000 variant prices at once, all or nothing',
        body: PriceBatchInput,
        response: { 200: z.object({ data: z.array(PriceView) }) },
      },
    },
    async (req) => {
      const saved = await setVariantPrices(db, {
        storeId: storeOf(req),
        prices: req.body.prices,
        actor: auditContext(req),
      });
      return { data: saved.map(priceView) };
    },
  );

  r.get(
    '/admin/v1/prices',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'Variant prices, optionally of one variant or currency',
        querystring: PriceListQuery,
        response: { 200: pageSchema(PriceView) },
      },
    },
    async (req) => {
      const page = await listPrices(db, { storeId: storeOf(req), query: req.query });
      return { data: page.data.map(priceView), next_cursor: page.next_cursor };
    },
  );

  r.get(
    '/admin/v1/prices/quote',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'The price a shopper would pay, and which price, list, rule or rate produced it',
        querystring: QuoteQuery,
        response: { 200: PriceQuoteView },
      },
    },
    async (req) => priceQuoteView(await quotePrice(db, { storeId: storeOf(req), query: req.query })),
  );

  r.delete(
    '/admin/v1/prices/:priceId',
    {
      preHandler: manage,
      schema: { tags, security, summary: 'Remove a variant price', params: PriceParams, response: NoContent },
    },
    async (req, reply) => {
      await deletePrice(db, { storeId: storeOf(req), priceId: req.params.priceId, actor: auditContext(req) });
      return reply.code(204).send(null);
    },
  );

  // --- price lists ---
  r.post(
    '/admin/v1/price-lists',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Create a price list',
        description:
          'A list applies while active and inside its window (starts_at inclusive, ends_at exclusive), to ' +
          'shoppers in one of its customer groups (or everyone when none). The highest priority applicable ' +
          'list wins over the base price.',
        body: PriceListInput,
        response: { 201: PriceListView },
      },
    },
    async (req, reply) => {
      const list = await createPriceList(db, {
        storeId: storeOf(req),
        input: req.body,
        actor: auditContext(req),
      });
      reply.code(201);
      return priceListView(list);
    },
  );

  r.get(
    '/admin/v1/price-lists',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'Price lists',
        querystring: PageQuery,
        response: { 200: pageSchema(PriceListView) },
      },
    },
    async (req) => {
      const page = await listPriceLists(db, { storeId: storeOf(req), query: req.query });
      return { data: page.data.map(priceListView), next_cursor: page.next_cursor };
    },
  );

  r.get(
    '/admin/v1/price-lists/:priceListId',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'One price list',
        params: ListParams,
        response: { 200: PriceListView },
      },
    },
    async (req) => priceListView(await getPriceList(db, { storeId: storeOf(req), ...req.params })),
  );

  r.patch(
    '/admin/v1/price-lists/:priceListId',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Change a price list',
        params: ListParams,
        body: PriceListPatch,
        response: { 200: PriceListView },
      },
    },
    async (req) =>
      priceListView(
        await updatePriceList(db, {
          storeId: storeOf(req),
          priceListId: req.params.priceListId,
          patch: req.body,
          actor: auditContext(req),
        }),
      ),
  );

  r.delete(
    '/admin/v1/price-lists/:priceListId',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Delete a price list and its entries',
        params: ListParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      await deletePriceList(db, {
        storeId: storeOf(req),
        priceListId: req.params.priceListId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/admin/v1/price-lists/:priceListId/entries',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Set prices of a price list (up to 1,000, all or nothing)',
        description:
          'An entry is the price of a variant in a currency from `min_quantity` units on (quantity tiers), ' +
          'optionally only at one stock location. The same (variant, currency, min_quantity, location) replaces.',
        params: ListParams,
        body: PriceListEntriesInput,
        response: { 200: z.object({ data: z.array(PriceListEntryView) }) },
      },
    },
    async (req) => {
      const saved = await setPriceListEntries(db, {
        storeId: storeOf(req),
        priceListId: req.params.priceListId,
        entries: req.body.entries,
        actor: auditContext(req),
      });
      return { data: saved.map(priceListEntryView) };
    },
  );

  r.get(
    '/admin/v1/price-lists/:priceListId/entries',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'Prices of a price list',
        params: ListParams,
        querystring: PageQuery,
        response: { 200: pageSchema(PriceListEntryView) },
      },
    },
    async (req) => {
      const page = await listPriceListEntries(db, {
        storeId: storeOf(req),
        priceListId: req.params.priceListId,
        query: req.query,
      });
      return { data: page.data.map(priceListEntryView), next_cursor: page.next_cursor };
    },
  );

  r.delete(
    '/admin/v1/price-lists/:priceListId/entries/:entryId',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Remove a price of a price list',
        params: EntryParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      await deletePriceListEntry(db, { storeId: storeOf(req), ...req.params, actor: auditContext(req) });
      return reply.code(204).send(null);
    },
  );

  // --- price rules ---
  r.post(
    '/admin/v1/price-rules',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Create a price rule',
        description:
          'A rule takes a percentage (basis points) or an amount (minor units of one currency) off the price ' +
          'of the variants its target selects: all, products, variants, categories (with their subcategories), ' +
          'tags or brands — within an optional window and for optional customer groups. Of the applicable ' +
          'rules, the one giving the lowest price wins; rules do not stack.',
        body: PriceRuleInput,
        response: { 201: PriceRuleView },
      },
    },
    async (req, reply) => {
      const rule = await createPriceRule(db, {
        storeId: storeOf(req),
        input: req.body,
        actor: auditContext(req),
      });
      reply.code(201);
      return priceRuleView(rule);
    },
  );

  r.get(
    '/admin/v1/price-rules',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'Price rules',
        querystring: PageQuery,
        response: { 200: pageSchema(PriceRuleView) },
      },
    },
    async (req) => {
      const page = await listPriceRules(db, { storeId: storeOf(req), query: req.query });
      return { data: page.data.map(priceRuleView), next_cursor: page.next_cursor };
    },
  );

  r.get(
    '/admin/v1/price-rules/:priceRuleId',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'One price rule',
        params: RuleParams,
        response: { 200: PriceRuleView },
      },
    },
    async (req) => priceRuleView(await getPriceRule(db, { storeId: storeOf(req), ...req.params })),
  );

  r.patch(
    '/admin/v1/price-rules/:priceRuleId',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Change a price rule',
        params: RuleParams,
        body: PriceRulePatch,
        response: { 200: PriceRuleView },
      },
    },
    async (req) =>
      priceRuleView(
        await updatePriceRule(db, {
          storeId: storeOf(req),
          priceRuleId: req.params.priceRuleId,
          patch: req.body,
          actor: auditContext(req),
        }),
      ),
  );

  r.delete(
    '/admin/v1/price-rules/:priceRuleId',
    {
      preHandler: manage,
      schema: { tags, security, summary: 'Delete a price rule', params: RuleParams, response: NoContent },
    },
    async (req, reply) => {
      await deletePriceRule(db, {
        storeId: storeOf(req),
        priceRuleId: req.params.priceRuleId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  // --- exchange rates ---
  r.post(
    '/admin/v1/exchange-rates',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Set an exchange rate',
        description:
          'Used when a variant has no price (base or price list) in the requested currency: its price in ' +
          'base_currency is converted and rounded half up to the quote currency’s minor unit.',
        body: ExchangeRateInput,
        response: { 200: ExchangeRateView },
      },
    },
    async (req) =>
      exchangeRateView(
        await setExchangeRate(db, { storeId: storeOf(req), input: req.body, actor: auditContext(req) }),
      ),
  );

  r.get(
    '/admin/v1/exchange-rates',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'Exchange rates',
        querystring: PageQuery,
        response: { 200: pageSchema(ExchangeRateView) },
      },
    },
    async (req) => {
      const page = await listExchangeRates(db, { storeId: storeOf(req), query: req.query });
      return { data: page.data.map(exchangeRateView), next_cursor: page.next_cursor };
    },
  );

  r.delete(
    '/admin/v1/exchange-rates/:exchangeRateId',
    {
      preHandler: manage,
      schema: { tags, security, summary: 'Remove an exchange rate', params: RateParams, response: NoContent },
    },
    async (req, reply) => {
      await deleteExchangeRate(db, {
        storeId: storeOf(req),
        exchangeRateId: req.params.exchangeRateId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );
}
