import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requirePermission, storeOf } from '../../platform/auth/principal.ts';
import type { Platform } from '../../platform/context.ts';
import type { App } from '../../platform/http/app.ts';
import { SalesReport, SalesReportQuery, salesReport } from './sales.ts';

const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];

/** Admin API: read-only reports (the console's dashboard). */
export async function reportsRoutes(app: App, platform: Platform): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/admin/v1/reports/sales',
    {
      preHandler: requirePermission('reports.read'),
      schema: {
        tags: ['reports'],
        security,
        summary: "Today's and recent days' sales, orders, carts and conversion, in the store's time zone",
        description:
          'Sales are the totals of orders placed each day (gross, per currency). Conversion is orders placed ÷ carts ' +
          'created the same day.',
        querystring: SalesReportQuery,
        response: { 200: SalesReport },
      },
    },
    async (req) => salesReport(platform.db, { storeId: storeOf(req), query: req.query }),
  );
}
