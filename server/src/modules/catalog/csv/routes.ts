import { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requirePermission, storeOf } from '../../../platform/auth/principal.ts';
import type { Platform } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import type { App } from '../../../platform/http/app.ts';
import { sendCsvDownload } from '../../../platform/http/csv-download.ts';
import { auditContext } from '../../audit/service.ts';
import { exportProductsCsv } from './export.ts';
import {
  createImportJob,
  getImportJob,
  listImportErrors,
  listImportValues,
  percentage,
  type ImportJob,
} from './import.ts';
import { csvLine } from '../../../platform/csv-parse.ts';
import { catalogImportQueue, importProducts } from './workflows.ts';

const tags = ['catalog'];
const security: Record<string, string[]>[] = [{ bearer: [] }, { apiKey: [] }];
const CSV_TYPES = ['text/csv', 'application/csv', 'application/vnd.ms-excel'];

const ImportJobView = z.object({
  id: z.string(),
  status: z.enum(['queued', 'running', 'completed', 'failed']),
  file_name: z.string().nullable(),
  currency: z.string(),
  total_rows: z.number().int().describe('Data rows in the file (header excluded).'),
  processed_rows: z.number().int(),
  percentage: z.number().describe('processed_rows / total_rows, 0–100, one decimal.'),
  products_created: z.number().int(),
  products_updated: z.number().int(),
  products_failed: z.number().int().describe('Products left out whole because a row of theirs has an error.'),
  error_count: z.number().int(),
  failure: z.string().nullable(),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
});

const RowErrorView = z.object({
  row: z.number().int().describe('Row of the file as a spreadsheet numbers it (the header is row 1).'),
  column: z.string().nullable(),
  handle: z.string().nullable(),
  message: z.string(),
});

function jobView(job: ImportJob): z.infer<typeof ImportJobView> {
  return {
    id: job.id,
    status: job.status,
    file_name: job.fileName,
    currency: job.currency,
    total_rows: job.totalRows,
    processed_rows: job.processedRows,
    percentage: percentage(job.processedRows, job.totalRows),
    products_created: job.productsCreated,
    products_updated: job.productsUpdated,
    products_failed: job.productsFailed,
    error_count: job.errorCount,
    failure: job.failure,
    created_at: job.createdAt.toISOString(),
    started_at: job.startedAt?.toISOString() ?? null,
    finished_at: job.finishedAt?.toISOString() ?? null,
  };
}

declare module 'fastify' {
  interface FastifyRequest {
    importFileName?: string | null;
  }
}

const ImportValueView = z.object({
  variant_id: z.string(),
  sku: z.string(),
  row_number: z.number().int(),
  currency: z.string(),
  price: z.number().int().nullable().describe('Minor units.'),
  compare_at_price: z.number().int().nullable(),
  inventory_qty: z.number().int().nullable(),
  price_applied: z.boolean(),
  stock_applied: z.boolean(),
});

const JobParams = z.object({ jobId: z.string().min(1).max(64) });

/** Product CSV import (background job with progress and an error report) and export. */
export async function catalogCsvRoutes(app: App, platform: Platform): Promise<void> {
  // Its own plugin scope: the CSV and multipart body parsers apply to these routes only.
  await app.register(async (scope) => {
    const bodyLimit = platform.config.CATALOG_IMPORT_MAX_BYTES;
    scope.addContentTypeParser(CSV_TYPES, { parseAs: 'string', bodyLimit }, (_req, body, done) =>
      done(null, body),
    );
    scope.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit }, (req, body, done) => {
      csvFromMultipart(req, body as Buffer).then(
        (csv) => done(null, csv),
        (err: Error) => done(err),
      );
    });
    const r = scope.withTypeProvider<ZodTypeProvider>();

    r.post(
      '/admin/v1/products/import',
      {
        bodyLimit,
        preValidation: async (req) => {
          const type = String(req.headers['content-type'] ?? '')
            .split(';')[0]!
            .trim()
            .toLowerCase();
          if (!CSV_TYPES.includes(type) && type !== 'multipart/form-data') {
            throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the file as text/csv or multipart/form-data.');
          }
        },
        preHandler: requirePermission('catalog.manage'),
        schema: {
          tags,
          security,
          summary: 'Import products from a Shopify product CSV',
          description:
            'Send the file as the body (`Content-Type: text/csv`) or as the `file` field of a multipart form. ' +
            'The file is checked (a CSV with a Handle column) and a background job writes it in batches: follow ' +
            '`GET /admin/v1/products/import/{jobId}` or the `catalog_import.progressed` / `catalog_import.completed` ' +
            'events. A product with an error in any of its rows is left out whole; the row errors are at ' +
            '`…/{jobId}/errors`. See docs/catalog-import.md.',
          consumes: ['text/csv', 'multipart/form-data'],
          body: z.string().describe('The CSV file'),
          response: { 202: ImportJobView },
        },
      },
      async (req, reply) => {
        const storeId = storeOf(req);
        const job = await createImportJob(platform.db, {
          storeId,
          csv: req.body,
          fileName: req.importFileName ?? null,
          actor: auditContext(req),
        });
        await platform.workflows.enqueue(
          importProducts,
          { queue: catalogImportQueue, workflowId: `catalog-import-${job.id}` },
          storeId,
          job.id,
        );
        reply.code(202).header('location', `/admin/v1/products/import/${job.id}`);
        return jobView(job);
      },
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/admin/v1/products/import/:jobId',
    {
      preHandler: requirePermission('catalog.manage'),
      schema: {
        tags,
        security,
        summary: "An import job's status and progress",
        params: JobParams,
        response: { 200: ImportJobView },
      },
    },
    async (req) =>
      jobView(await getImportJob(platform.db, { storeId: storeOf(req), jobId: req.params.jobId })),
  );

  r.get(
    '/admin/v1/products/import/:jobId/errors',
    {
      preHandler: requirePermission('catalog.manage'),
      schema: {
        tags,
        security,
        summary: "An import job's row errors (JSON, or CSV with ?format=csv)",
        params: JobParams,
        querystring: z.object({ format: z.enum(['json', 'csv']).default('json') }),
        response: { 200: z.object({ data: z.array(RowErrorView) }) },
      },
    },
    async (req, reply) => {
      const errors = await listImportErrors(platform.db, { storeId: storeOf(req), jobId: req.params.jobId });
      if (req.query.format === 'csv') {
        const text =
          csvLine(['Row', 'Column', 'Handle', 'Message']) +
          errors.map((e) => csvLine([e.row, e.column, e.handle, e.message])).join('');
        return sendCsvDownload(reply, `import-${req.params.jobId}-errors.csv`, text);
      }
      return { data: errors };
    },
  );

  r.get(
    '/admin/v1/products/import/:jobId/values',
    {
      preHandler: requirePermission('catalog.manage'),
      schema: {
        tags,
        security,
        summary: 'Prices and stock an import read, per variant, and whether each was applied',
        description:
          'Prices go to the pricing module in the same transaction as their product. Stock ' +
          '(`Variant Inventory Qty`) is kept here with `stock_applied: false` until the inventory module ' +
          'takes on-hand counts in bulk; see docs/catalog-import.md.',
        params: JobParams,
        response: { 200: z.object({ data: z.array(ImportValueView) }) },
      },
    },
    async (req) => {
      const values = await listImportValues(platform.db, { storeId: storeOf(req), jobId: req.params.jobId });
      return { data: values };
    },
  );

  r.get(
    '/admin/v1/products/export',
    {
      preHandler: requirePermission('catalog.read'),
      schema: {
        tags,
        security,
        summary: 'Export products as a Shopify product CSV (streamed)',
        description: 'All products, or those matching the filters. The file imports back unchanged.',
        querystring: z.object({
          status: z.enum(['draft', 'active', 'archived']).optional(),
          category_id: z.string().max(64).optional(),
          vendor: z.string().max(255).optional(),
          handle: z.string().max(10_000).optional().describe('Comma-separated handles'),
        }),
        produces: ['text/csv'],
        response: { 200: z.string().describe('CSV') },
      },
    },
    async (req, reply) => {
      const storeId = storeOf(req);
      const q = req.query;
      const stream = Readable.from(
        exportProductsCsv(platform.db, {
          storeId,
          filter: {
            status: q.status,
            categoryId: q.category_id,
            vendor: q.vendor,
            handles: q.handle
              ?.split(',')
              .map((h) => h.trim())
              .filter(Boolean),
          },
        }),
      );
      return sendCsvDownload(reply, `products-${new Date().toISOString().slice(0, 10)}.csv`, stream);
    },
  );
}

/** The `file` part (or the first file part) of a multipart form, as text. */
async function csvFromMultipart(req: FastifyRequest, body: Buffer): Promise<string> {
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), {
      headers: { 'content-type': String(req.headers['content-type']) },
    }).formData();
  } catch {
    throw new AppError('BAD_REQUEST', 'The multipart body could not be read.');
  }
  const entry = form.get('file') ?? [...form.values()].find((v) => typeof v !== 'string');
  if (!entry) {
    throw new AppError('VALIDATION_FAILED', 'Send the CSV as the "file" field of the form.', {
      errors: [{ path: 'body.file', message: 'required' }],
    });
  }
  if (typeof entry === 'string') return entry;
  req.importFileName = entry.name || null;
  return await entry.text();
}
