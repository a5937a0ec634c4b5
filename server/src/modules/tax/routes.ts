import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AddressInput } from '../../platform/address.ts';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import { CurrencyCode } from '../tenancy/service.ts';
import {
  calculateTax,
  createTaxRate,
  deleteTaxRate,
  getTaxRate,
  getTaxSettings,
  listTaxRates,
  TaxClass,
  taxProviderCodes,
  TaxRateInput,
  TaxRateListQuery,
  TaxRatePatch,
  TaxSettingsPatch,
  updateTaxRate,
  updateTaxSettings,
} from './service.ts';
import {
  taxRateView,
  TaxRateView,
  taxResultView,
  TaxResultView,
  taxSettingsView,
  TaxSettingsView,
} from './views.ts';

const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['tax'];
const read = requirePermission('tax.read');
const manage = requirePermission('tax.manage');
const RateParams = z.object({ taxRateId: z.string().min(1).max(64) });
const NoContent = { 204: z.null() };

const MinorUnits = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const CalculateInput = z.strictObject({
  currency: CurrencyCode,
  address: AddressInput,
  lines: z
    .array(
      z.strictObject({
        id: z.string().trim().min(1).max(100),
        amount: MinorUnits.describe('After discounts; gross when the store’s prices include tax'),
        tax_class: TaxClass.nullable().default(null),
      }),
    )
    .max(1000),
  shipping: MinorUnits.default(0),
  exempt: z
    .boolean()
    .default(false)
    .describe('For a tax-exempt buyer: no tax; the tax inside inclusive prices is taken off'),
});

const RATE_RULES =
  'A rate covers an address when its country is the address country, its region (if any) the region, and ' +
  'its postcode pattern (if any) matches. For a line of a tax class the most specific covering rate of that ' +
  'class applies (postcode, then region, then country); a class without one is taxed as `standard`. Shipping ' +
  'is taxed at the applying standard rate when it is `shipping_taxable`.';

/** Admin API for tax settings and rates, and a tax preview. */
export async function taxRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = platform;

  r.get(
    '/admin/v1/tax/settings',
    {
      preHandler: read,
      schema: { tags, security, summary: "The store's tax settings", response: { 200: TaxSettingsView } },
    },
    async (req) => taxSettingsView(await getTaxSettings(db, storeOf(req)), taxProviderCodes()),
  );

  r.patch(
    '/admin/v1/tax/settings',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Change the tax settings: prices with or without tax, tax provider',
        body: TaxSettingsPatch,
        response: { 200: TaxSettingsView },
      },
    },
    async (req) =>
      taxSettingsView(
        await updateTaxSettings(db, { storeId: storeOf(req), patch: req.body, actor: auditContext(req) }),
        taxProviderCodes(),
      ),
  );

  r.post(
    '/admin/v1/tax/rates',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Create a tax rate',
        description: RATE_RULES,
        body: TaxRateInput,
        response: { 201: TaxRateView },
      },
    },
    async (req, reply) => {
      const rate = await createTaxRate(db, {
        storeId: storeOf(req),
        input: req.body,
        actor: auditContext(req),
      });
      reply.code(201);
      return taxRateView(rate);
    },
  );

  r.get(
    '/admin/v1/tax/rates',
    {
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'Tax rates, optionally of one country or tax class',
        querystring: TaxRateListQuery,
        response: { 200: pageSchema(TaxRateView) },
      },
    },
    async (req) => {
      const page = await listTaxRates(db, { storeId: storeOf(req), query: req.query });
      return { data: page.data.map(taxRateView), next_cursor: page.next_cursor };
    },
  );

  r.get(
    '/admin/v1/tax/rates/:taxRateId',
    {
      preHandler: read,
      schema: { tags, security, summary: 'One tax rate', params: RateParams, response: { 200: TaxRateView } },
    },
    async (req) =>
      taxRateView(await getTaxRate(db, { storeId: storeOf(req), taxRateId: req.params.taxRateId })),
  );

  r.patch(
    '/admin/v1/tax/rates/:taxRateId',
    {
      preHandler: manage,
      schema: {
        tags,
        security,
        summary: 'Change a tax rate',
        params: RateParams,
        body: TaxRatePatch,
        response: { 200: TaxRateView },
      },
    },
    async (req) =>
      taxRateView(
        await updateTaxRate(db, {
          storeId: storeOf(req),
          taxRateId: req.params.taxRateId,
          patch: req.body,
          actor: auditContext(req),
        }),
      ),
  );

  r.delete(
    '/admin/v1/tax/rates/:taxRateId',
    {
      preHandler: manage,
      schema: { tags, security, summary: 'Delete a tax rate', params: RateParams, response: NoContent },
    },
    async (req, reply) => {
      await deleteTaxRate(db, {
        storeId: storeOf(req),
        taxRateId: req.params.taxRateId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  r.post(
    '/admin/v1/tax/calculate',
    {
      config: { idempotency: false },
      preHandler: read,
      schema: {
        tags,
        security,
        summary: 'The tax of a document, as checkout would calculate it (changes nothing)',
        description:
          RATE_RULES +
          ' The total is the exact tax of the whole document rounded once (half up), allocated to the lines and ' +
          'shipping so that they sum to it.',
        body: CalculateInput,
        response: { 200: TaxResultView },
      },
    },
    async (req) =>
      taxResultView(
        await calculateTax(db, {
          storeId: storeOf(req),
          currency: req.body.currency,
          address: req.body.address,
          shipping: req.body.shipping,
          lines: req.body.lines.map((l) => ({ id: l.id, amount: l.amount, taxClass: l.tax_class })),
          exempt: req.body.exempt,
        }),
      ),
  );
}
