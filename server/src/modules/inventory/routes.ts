import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { pageSchema } from '../../platform/http/pagination.ts';
import { auditContext } from '../audit/service.ts';
import { STOREFRONT_PERMISSION } from '../identity/permissions.ts';
import {
  AdjustmentInput,
  adjustInventory,
  availabilityFor,
  commitReservation,
  createStockLocation,
  getReservation,
  getStockLocation,
  LevelListQuery,
  listInventoryLevels,
  listInventoryMovements,
  listReservations,
  listStockLocations,
  MovementListQuery,
  releaseReservation,
  ReservationInput,
  ReservationListQuery,
  reserveStock,
  setInventoryLevel,
  SetLevelInput,
  setStockLevels,
  StockLevelsInput,
  StockLevelsResult,
  StockLocationInput,
  StockLocationListQuery,
  StockLocationPatch,
  transferInventory,
  TransferInput,
  updateStockLocation,
} from './service.ts';
import {
  InventoryLevelView,
  MovementView,
  ReservationView,
  StockLocationView,
  VariantAvailabilityView,
} from './views.ts';

const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const tags = ['inventory'];
const READ = requirePermission('inventory.read');
const MANAGE = requirePermission('inventory.manage');
const LocationParams = z.object({ locationId: z.string().min(1).max(64) });
const ReservationParams = z.object({ reservationId: z.string().min(1).max(64) });

/** Admin API for stock locations, levels, adjustments, transfers, reservations and the ledger; store API for availability. */
export async function inventoryRoutes(app: App, platform: Platform): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const db = platform.db;

  // --- stock locations ------------------------------------------------------------------------

  r.post(
    '/admin/v1/stock-locations',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Create a stock location (warehouse)',
        body: StockLocationInput,
        response: { 201: StockLocationView },
      },
    },
    async (req, reply) => {
      const location = await createStockLocation(db, {
        storeId: storeOf(req),
        input: req.body,
        actor: auditContext(req),
      });
      return reply.code(201).send(location);
    },
  );

  r.get(
    '/admin/v1/stock-locations',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: "The store's stock locations in allocation order",
        querystring: StockLocationListQuery,
        response: { 200: pageSchema(StockLocationView) },
      },
    },
    async (req) => listStockLocations(db, { storeId: storeOf(req), query: req.query }),
  );

  r.get(
    '/admin/v1/stock-locations/:locationId',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'One stock location',
        params: LocationParams,
        response: { 200: StockLocationView },
      },
    },
    async (req) => getStockLocation(db, { storeId: storeOf(req), locationId: req.params.locationId }),
  );

  r.patch(
    '/admin/v1/stock-locations/:locationId',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Change a stock location',
        description: 'An inactive location keeps its stock but is skipped by reservations and availability.',
        params: LocationParams,
        body: StockLocationPatch,
        response: { 200: StockLocationView },
      },
    },
    async (req) =>
      updateStockLocation(db, {
        storeId: storeOf(req),
        locationId: req.params.locationId,
        patch: req.body,
        actor: auditContext(req),
      }),
  );

  // --- levels ---------------------------------------------------------------------------------

  r.get(
    '/admin/v1/inventory-levels',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'Stock levels per variant per location',
        querystring: LevelListQuery,
        response: { 200: pageSchema(InventoryLevelView) },
      },
    },
    async (req) => listInventoryLevels(db, { storeId: storeOf(req), query: req.query }),
  );

  r.put(
    '/admin/v1/inventory-levels',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Set the counted on-hand quantity and/or the reorder point of a level',
        description:
          'Creates the level if the variant has none at the location. A changed on-hand quantity is recorded ' +
          'in the ledger as a `correction`.',
        body: SetLevelInput,
        response: { 200: InventoryLevelView },
      },
    },
    async (req) =>
      setInventoryLevel(db, { storeId: storeOf(req), input: req.body, actor: auditContext(req) }),
  );

  r.post(
    '/admin/v1/inventory-levels/batch',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Set the on-hand quantity of many variants at one location, all or nothing',
        description:
          'Up to 10,000 levels in one transaction. Missing levels are created; each changed quantity is one ' +
          '`adjustment` ledger row with the given `reason` (`correction` by default, or `import`) and one ' +
          "`reference` shared by the whole call. Without `location_id`, the store's default location: its active " +
          'location with the lowest priority, or — for a store without any location — a new "Default warehouse". ' +
          'An unknown variant or location is 404, lowering stock below what is reserved or damaged 409 ' +
          'INSUFFICIENT_STOCK; either way nothing is written. Accepts Idempotency-Key.',
        body: StockLevelsInput,
        response: { 200: StockLevelsResult },
      },
    },
    async (req) => setStockLevels(db, { storeId: storeOf(req), input: req.body, actor: auditContext(req) }),
  );

  r.post(
    '/admin/v1/inventory/adjustments',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Adjust stock at a location for a reason',
        description:
          'Reasons: received, returned (+on hand); shrinkage (−on hand); damaged (+damaged); repaired ' +
          '(−damaged); disposed (−on hand and −damaged); correction (± on hand). A change that would take ' +
          'units that are not there is 409 INSUFFICIENT_STOCK.',
        body: AdjustmentInput,
        response: { 201: z.object({ movement_id: z.string(), level: InventoryLevelView }) },
      },
    },
    async (req, reply) => {
      const result = await adjustInventory(db, {
        storeId: storeOf(req),
        input: req.body,
        actor: auditContext(req),
      });
      return reply.code(201).send(result);
    },
  );

  r.post(
    '/admin/v1/inventory/transfers',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Move units of a variant from one location to another',
        description:
          'Both sides change in one transaction. Only available units (not reserved or damaged) move.',
        body: TransferInput,
        response: {
          201: z.object({ transfer_id: z.string(), from: InventoryLevelView, to: InventoryLevelView }),
        },
      },
    },
    async (req, reply) => {
      const result = await transferInventory(db, {
        storeId: storeOf(req),
        input: req.body,
        actor: auditContext(req),
      });
      return reply.code(201).send(result);
    },
  );

  r.get(
    '/admin/v1/inventory/movements',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'The movement ledger, newest first',
        querystring: MovementListQuery,
        response: { 200: pageSchema(MovementView) },
      },
    },
    async (req) => listInventoryMovements(db, { storeId: storeOf(req), query: req.query }),
  );

  // --- reservations ---------------------------------------------------------------------------

  r.post(
    '/admin/v1/inventory/reservations',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Reserve stock for a cart or checkout',
        description:
          'All lines or nothing (409 INSUFFICIENT_STOCK). 201 with a new reservation; 200 with the existing one ' +
          'when `key` was used before for the same lines.',
        body: ReservationInput,
        response: { 200: ReservationView, 201: ReservationView },
      },
    },
    async (req, reply) => {
      const { reservation, created } = await reserveStock(db, {
        storeId: storeOf(req),
        input: req.body,
        actor: auditContext(req),
      });
      return reply.code(created ? 201 : 200).send(reservation);
    },
  );

  r.get(
    '/admin/v1/inventory/reservations',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'Reservations, newest first',
        querystring: ReservationListQuery,
        response: { 200: pageSchema(ReservationView) },
      },
    },
    async (req) => listReservations(db, { storeId: storeOf(req), query: req.query }),
  );

  r.get(
    '/admin/v1/inventory/reservations/:reservationId',
    {
      preHandler: READ,
      schema: {
        tags,
        security,
        summary: 'One reservation',
        params: ReservationParams,
        response: { 200: ReservationView },
      },
    },
    async (req) => getReservation(db, { storeId: storeOf(req), reservationId: req.params.reservationId }),
  );

  r.post(
    '/admin/v1/inventory/reservations/:reservationId/release',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Release a reservation (its stock becomes available again)',
        description:
          'Releasing a released or expired reservation returns it unchanged; a committed one is 409.',
        params: ReservationParams,
        response: { 200: ReservationView },
      },
    },
    async (req) =>
      releaseReservation(db, {
        storeId: storeOf(req),
        reservationId: req.params.reservationId,
        actor: auditContext(req),
      }),
  );

  r.post(
    '/admin/v1/inventory/reservations/:reservationId/commit',
    {
      preHandler: MANAGE,
      schema: {
        tags,
        security,
        summary: 'Commit a reservation to an order (the units leave on-hand stock)',
        description:
          'Only an active, unexpired reservation can be committed: otherwise 409 INVALID_STATE_TRANSITION.',
        params: ReservationParams,
        body: z.strictObject({ order_ref: z.string().min(1).max(100).optional() }).nullish(),
        response: { 200: ReservationView },
      },
    },
    async (req) =>
      commitReservation(db, {
        storeId: storeOf(req),
        reservationId: req.params.reservationId,
        orderRef: req.body?.order_ref ?? null,
        actor: auditContext(req),
      }),
  );

  // --- storefront -----------------------------------------------------------------------------

  r.get(
    '/store/v1/availability',
    {
      config: { authentication: 'key' },
      preHandler: requirePermission(STOREFRONT_PERMISSION),
      schema: {
        tags,
        security: [{ publishableKey: [] }],
        summary: 'Availability of variants, summed over active locations',
        description:
          'Unknown variant ids come back as not in stock. Per-location figures are for staff only and are not shown here.',
        querystring: z.object({
          variant_ids: z
            .string()
            .min(1)
            .max(4000)
            .transform((s) => [
              ...new Set(
                s
                  .split(',')
                  .map((v) => v.trim())
                  .filter(Boolean),
              ),
            ])
            .refine((ids) => ids.length > 0 && ids.length <= 100, 'between 1 and 100 comma-separated ids'),
        }),
        response: {
          200: z.object({
            data: z.array(
              VariantAvailabilityView.pick({
                variant_id: true,
                in_stock: true,
                backorder_policy: true,
              }).extend({
                available: z
                  .number()
                  .int()
                  .min(0)
                  .describe('Units that can be bought now (0 when backordered)'),
              }),
            ),
          }),
        },
      },
    },
    async (req) => {
      const rows = await availabilityFor(db, storeOf(req), req.query.variant_ids);
      return {
        data: rows.map((v) => ({
          variant_id: v.variant_id,
          available: Math.max(v.available, 0),
          in_stock: v.in_stock,
          backorder_policy: v.backorder_policy,
        })),
      };
    },
  );
}
