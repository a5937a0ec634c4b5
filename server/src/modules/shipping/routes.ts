import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AddressInput } from '../../platform/address.ts';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { PageQuery, pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import { STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import { BasketRatesInput, quoteBasketShipping } from './basket-quote.ts';
import {
  carrierRateProviderCodes,
  createShippingMethod,
  createShippingZone,
  deleteShippingMethod,
  deleteShippingZone,
  getShippingMethod,
  getShippingZone,
  listShippingMethods,
  listShippingZones,
  quoteShippingForAddress,
  ShippingMethodInput,
  ShippingMethodPatch,
  ShippingZoneInput,
  ShippingZonePatch,
  updateShippingMethod,
  updateShippingZone,
} from './service.ts';
import {
  shippingMethodView,
  ShippingMethodView,
  shippingRateView,
  ShippingRateView,
  shippingZoneView,
  ShippingZoneView,
} from './views.ts';

const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['shipping'];
const read = requirePermission('shipping.read');
const manage = requirePermission('shipping.manage');
const IdParam = z.string().min(1).max(64);
const ZoneParams = z.object({ zoneId: IdParam });
const MethodParams = z.object({ methodId: IdParam });
const NoContent = { 204: z.null() };
/** Quotes change nothing: a repeated POST simply quotes again. */
const QUOTE = { idempotency: false } as const;

const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const AdminQuoteInput = z.strictObject({
  currency: CurrencyCode,
  address: AddressInput,
  lines: z
    .array(
      z.strictObject({
        variant_id: z.string().trim().min(1).max(100),
        quantity: z.number().int().min(1).max(1_000_000),
        unit_price: MinorUnits,
        weight_grams: z.number().int().min(0).max(100_000_000).nullable().default(null),
      }),
    )
    .max(1000),
  subtotal: MinorUnits.describe('After discounts'),
});

const ZONE_RULES =
  'A zone covers an address when its countries include the address country (or are ["*"]), its regions ' +
  '(if any) include the region, and its postcode patterns (if any) match the postcode. The most specific ' +
  'covering zone serves the address: postcode-narrowed, then region-narrowed, then whole countries, then ' +
  '"*"; then fewer countries; then the older zone.';

/** Admin API for shipping zones and methods; the storefront's rates for a basket. */
export async function shippingRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = platform;

  // --- zones ---
  r.post(
    '/admin/v1/shipping/zones',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Create a shipping zone',
        description: ZONE_RULES,
        body: ShippingZoneInput,
        response: { 201: ShippingZoneView },
      },
    },
    async (req, reply) => {
      const z = await createShippingZone(db, {
        storeId: storeOf(req),
        input: req.body,
        actor: auditContext(req),
      });
      reply.code(201);
      return shippingZoneView(z.zone, z.methods);
    },
  );

  r.get(
    '/admin/v1/shipping/zones',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'Shipping zones with their methods',
        querystring: PageQuery,
        response: { 200: pageSchema(ShippingZoneView) },
      },
    },
    async (req) => {
      const page = await listShippingZones(db, { storeId: storeOf(req), query: req.query });
      return {
        data: page.data.map((z) => shippingZoneView(z.zone, z.methods)),
        next_cursor: page.next_cursor,
      };
    },
  );

  r.get(
    '/admin/v1/shipping/zones/:zoneId',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'One shipping zone with its methods',
        params: ZoneParams,
        response: { 200: ShippingZoneView },
      },
    },
    async (req) => {
      const z = await getShippingZone(db, { storeId: storeOf(req), zoneId: req.params.zoneId });
      return shippingZoneView(z.zone, z.methods);
    },
  );

  r.patch(
    '/admin/v1/shipping/zones/:zoneId',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Change a shipping zone',
        description: 'A list given replaces the zone’s list; an absent field is left alone.',
        params: ZoneParams,
        body: ShippingZonePatch,
        response: { 200: ShippingZoneView },
      },
    },
    async (req) => {
      const z = await updateShippingZone(db, {
        storeId: storeOf(req),
        zoneId: req.params.zoneId,
        patch: req.body,
        actor: auditContext(req),
      });
      return shippingZoneView(z.zone, z.methods);
    },
  );

  r.delete(
    '/admin/v1/shipping/zones/:zoneId',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Delete a shipping zone and its methods',
        params: ZoneParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      await deleteShippingZone(db, {
        storeId: storeOf(req),
        zoneId: req.params.zoneId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  // --- methods ---
  r.post(
    '/admin/v1/shipping/zones/:zoneId/methods',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Add a shipping method to a zone',
        description:
          'The rate is flat, or weight bands (grams) or price bands (subtotal after discounts, minor units): ' +
          'bands sorted by `from`, not overlapping, `from` inclusive, `to` exclusive (null: no limit). A basket ' +
          'outside every band is not offered the method. At or above `free_shipping_threshold` the method is free.',
        params: ZoneParams,
        body: ShippingMethodInput,
        response: { 201: ShippingMethodView },
      },
    },
    async (req, reply) => {
      const method = await createShippingMethod(db, {
        storeId: storeOf(req),
        zoneId: req.params.zoneId,
        input: req.body,
        actor: auditContext(req),
      });
      reply.code(201);
      return shippingMethodView(method);
    },
  );

  r.get(
    '/admin/v1/shipping/zones/:zoneId/methods',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'Methods of a shipping zone',
        params: ZoneParams,
        querystring: PageQuery,
        response: { 200: pageSchema(ShippingMethodView) },
      },
    },
    async (req) => {
      const page = await listShippingMethods(db, {
        storeId: storeOf(req),
        zoneId: req.params.zoneId,
        query: req.query,
      });
      return { data: page.data.map(shippingMethodView), next_cursor: page.next_cursor };
    },
  );

  r.get(
    '/admin/v1/shipping/methods/:methodId',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'One shipping method',
        params: MethodParams,
        response: { 200: ShippingMethodView },
      },
    },
    async (req) =>
      shippingMethodView(
        await getShippingMethod(db, { storeId: storeOf(req), methodId: req.params.methodId }),
      ),
  );

  r.patch(
    '/admin/v1/shipping/methods/:methodId',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Change a shipping method',
        description: 'A `rate` given replaces the whole rate table; an absent field is left alone.',
        params: MethodParams,
        body: ShippingMethodPatch,
        response: { 200: ShippingMethodView },
      },
    },
    async (req) =>
      shippingMethodView(
        await updateShippingMethod(db, {
          storeId: storeOf(req),
          methodId: req.params.methodId,
          patch: req.body,
          actor: auditContext(req),
        }),
      ),
  );

  r.delete(
    '/admin/v1/shipping/methods/:methodId',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Delete a shipping method',
        params: MethodParams,
        response: NoContent,
      },
    },
    async (req, reply) => {
      await deleteShippingMethod(db, {
        storeId: storeOf(req),
        methodId: req.params.methodId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  // --- quotes ---
  r.post(
    '/admin/v1/shipping/quote',
    {
      config: QUOTE,
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'The rates a basket would be offered for an address (changes nothing)',
        description: ZONE_RULES,
        body: AdminQuoteInput,
        response: {
          200: z.object({
            zone_id: z.string().nullable().describe('The zone serving the address; null: none does'),
            data: z.array(ShippingRateView),
          }),
        },
      },
    },
    async (req) => {
      const b = req.body;
      const { zoneId, rates } = await quoteShippingForAddress(db, {
        storeId: storeOf(req),
        currency: b.currency,
        address: b.address,
        subtotal: b.subtotal,
        lines: b.lines.map((l) => ({
          variantId: l.variant_id,
          quantity: l.quantity,
          unitPrice: l.unit_price,
          weightGrams: l.weight_grams,
        })),
      });
      return { zone_id: zoneId, data: rates.map(shippingRateView) };
    },
  );

  r.get(
    '/admin/v1/shipping/providers',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'Carrier-rate providers a method may name',
        response: { 200: z.object({ data: z.array(z.object({ code: z.string() })) }) },
      },
    },
    async () => ({ data: carrierRateProviderCodes().map((code) => ({ code })) }),
  );

  r.post(
    '/store/v1/shipping-rates',
    {
      config: { authentication: 'key', ...QUOTE },
      preHandler: requirePermission(STOREFRONT_PERMISSION),
      schema: {
        tags: ['storefront'],
        security: [{ publishableKey: [] }],
        summary: 'Shipping rates for a basket and an address, before a cart exists',
        description:
          'Weights and prices come from the catalog and pricing (before discounts). An address outside every ' +
          'shipping zone is 422 NO_SHIPPING_TO_ADDRESS; a covered address with no method fitting the basket ' +
          'gets an empty list.',
        body: BasketRatesInput,
        response: {
          200: z.object({
            currency: z.string(),
            subtotal: z.number().int(),
            weight_grams: z.number().int(),
            data: z.array(ShippingRateView),
          }),
        },
      },
    },
    async (req) => {
      const out = await quoteBasketShipping(db, { storeId: storeOf(req), input: req.body });
      return {
        currency: out.currency,
        subtotal: out.subtotal,
        weight_grams: out.weightGrams,
        data: out.rates.map(shippingRateView),
      };
    },
  );
}
