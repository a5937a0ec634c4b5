import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import {
  CouponInput,
  CouponListQuery,
  CouponPatch,
  CouponRedemptionView,
  CouponView,
  createCoupon,
  deleteCoupon,
  getCoupon,
  listCouponRedemptions,
  listCoupons,
  RedemptionListQuery,
  updateCoupon,
} from './service.ts';

const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['promotions'];
const READ = requirePermission('promotions.read');
const MANAGE = requirePermission('promotions.manage');
const CouponParams = z.object({ couponId: z.string().min(1).max(64) });

/** Admin API for coupon codes. Shoppers apply codes through the cart (`/store/v1/carts/{id}/coupons`). */
export async function promotionsRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;

  r.post(
    '/admin/v1/coupons',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Create a coupon code',
        description:
          'Codes are unique per store regardless of case. A percentage is in basis points (1000 = 10 %); ' +
          'fixed amounts and minimum subtotals are minor units per currency.',
        body: CouponInput,
        response: { 201: CouponView },
      },
    },
    async (req, reply) => {
      const coupon = await createCoupon(db, {
        storeId: storeOf(req),
        input: req.body,
        actor: auditContext(req),
      });
      return reply.code(201).send(coupon);
    },
  );

  r.get(
    '/admin/v1/coupons',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: "The store's coupons, newest first",
        querystring: CouponListQuery,
        response: { 200: pageSchema(CouponView) },
      },
    },
    async (req) => listCoupons(db, { storeId: storeOf(req), query: req.query }),
  );

  r.get(
    '/admin/v1/coupons/:couponId',
    {
      preHandler: READ,
      schema: { tags, security, summary: 'One coupon', params: CouponParams, response: { 200: CouponView } },
    },
    async (req) => getCoupon(db, { storeId: storeOf(req), couponId: req.params.couponId }),
  );

  r.patch(
    '/admin/v1/coupons/:couponId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Change a coupon',
        description: 'Carts holding the coupon re-check it at their next change.',
        params: CouponParams,
        body: CouponPatch,
        response: { 200: CouponView },
      },
    },
    async (req) =>
      updateCoupon(db, {
        storeId: storeOf(req),
        couponId: req.params.couponId,
        patch: req.body,
        actor: auditContext(req),
      }),
  );

  r.delete(
    '/admin/v1/coupons/:couponId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Delete a coupon that was never redeemed',
        description:
          'A redeemed coupon cannot be deleted (409): deactivate it with PATCH { "active": false }.',
        params: CouponParams,
        response: { 204: z.null().describe('Deleted') },
      },
    },
    async (req, reply) => {
      await deleteCoupon(db, {
        storeId: storeOf(req),
        couponId: req.params.couponId,
        actor: auditContext(req),
      });
      return reply.code(204).send(null);
    },
  );

  r.get(
    '/admin/v1/coupons/:couponId/redemptions',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: "A coupon's redemptions by orders, newest first",
        params: CouponParams,
        querystring: RedemptionListQuery,
        response: { 200: pageSchema(CouponRedemptionView) },
      },
    },
    async (req) =>
      listCouponRedemptions(db, { storeId: storeOf(req), couponId: req.params.couponId, query: req.query }),
  );
}
