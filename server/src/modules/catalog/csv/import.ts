/**
 * Product CSV imports: a job per uploaded file, written in batches by a background workflow
 * (`workflows.ts`). Each batch is one transaction that writes its valid products, records the
 * row errors of the others and advances the job's progress, so progress is exactly what was
 * committed and a product is either written whole or not at all.
 */
import { sql } from 'drizzle-orm';
import { withStore, type Db, type Tx } from '../../../platform/db/database.ts';
import { AppError } from '../../../platform/errors.ts';
import { emitEvent } from '../../../platform/events/outbox.ts';
import { newId } from '../../../platform/ids.ts';
import { recordAudit, type AuditContext } from '../../audit/service.ts';
import { getStore } from '../../tenancy/service.ts';
import type { ProductEventPayload } from '../events.ts';
import { findSkuOwners, upsertProducts, type BulkProductResult } from '../bulk.ts';
import './events.ts';
import { parseCsv } from '../../../platform/csv-parse.ts';
import { planImport, readHeader, type ImportProduct, type PlannedImport, type RowError } from './shopify.ts';
import { applyVariantValues, StockRefused } from './values.ts';

export type ImportJobStatus = 'queued' | 'running' | 'completed' | 'failed';

export interface ImportJob {
  id: string;
  storeId: string;
  status: ImportJobStatus;
  fileName: string | null;
  currency: string;
  totalRows: number;
  processedRows: number;
  productsCreated: number;
  productsUpdated: number;
  productsFailed: number;
  errorCount: number;
  failure: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** What an import rewrites of an existing product (`product.updated`'s `changes`). */
const IMPORT_CHANGES = [
  'title',
  'description',
  'status',
  'seo',
  'tags',
  'options',
  'variants',
  'images',
  'categories',
];

/** Rows per batch transaction (a product's rows never straddle two batches). */
export const IMPORT_BATCH_ROWS = 500;
/** Row errors kept per job; beyond this only the count grows. */
const MAX_STORED_ERRORS = 50_000;

/**
 * Check an uploaded file and create its job (status queued). A file that is not CSV text with a
 * Handle column is refused whole (422); everything else is judged row by row by the job.
 */
export async function createImportJob(
  db: Db,
  input: { storeId: string; csv: string; fileName?: string | null; actor: AuditContext },
): Promise<ImportJob> {
  const { storeId, csv } = input;
  if (csv.includes('\u0000') || csv.includes('\ufffd')) {
    throw new AppError('UNPROCESSABLE', 'The file is not CSV text (it contains binary data).', {
      errors: [{ path: 'body', message: 'not a CSV file' }],
    });
  }
  // The header is the first line; a quoted newline in a header would be exotic enough to refuse.
  const firstLine = csv.slice(0, Math.min(csv.length, 64_000)).split(/\r?\n/, 1)[0] ?? '';
  const header = parseCsv(firstLine).records[0]?.fields ?? [];
  if (!readHeader(header).has('Handle')) {
    throw new AppError('UNPROCESSABLE', 'The file has no "Handle" column: it is not a Shopify product CSV.', {
      errors: [{ path: 'body', message: 'the header row must contain Handle (and Title, Variant SKU, …)' }],
    });
  }
  const store = await getStore(db, storeId);
  const { records, errors } = parseCsv(csv);
  const totalRows = Math.max(0, records.length - 1) + errors.length;
  return withStore(db, storeId, async (tx) => {
    const id = newId('cimp');
    const { rows } = await tx.execute<JobRow>(sql`
      INSERT INTO catalog_import_jobs (id, store_id, file_name, source, currency, total_rows, created_by_type, created_by_id)
      VALUES (${id}, ${storeId}, ${input.fileName ?? null}, ${csv}, ${store.currency}, ${totalRows},
              ${input.actor.actor.type}, ${input.actor.actor.id})
      RETURNING ${JOB_COLUMNS}`);
    const job = jobFromRow(rows[0]!);
    await recordAudit(tx, {
      ...input.actor,
      storeId,
      action: 'catalog_import.created',
      entityType: 'catalog_import',
      entityId: id,
      after: { file_name: job.fileName, total_rows: totalRows },
    });
    return job;
  });
}

export async function getImportJob(db: Db, input: { storeId: string; jobId: string }): Promise<ImportJob> {
  const { rows } = await withStore(db, input.storeId, (tx) =>
    tx.execute<JobRow>(
      sql`SELECT ${JOB_COLUMNS} FROM catalog_import_jobs WHERE store_id = ${input.storeId} AND id = ${input.jobId}`,
    ),
  );
  if (!rows[0]) throw new AppError('NOT_FOUND', 'No such import job.');
  return jobFromRow(rows[0]);
}

/** The job's row errors, in row order. */
export async function listImportErrors(
  db: Db,
  input: { storeId: string; jobId: string },
): Promise<RowError[]> {
  await getImportJob(db, input);
  const { rows } = await withStore(db, input.storeId, (tx) =>
    tx.execute<{
      row_number: number;
      column_name: string | null;
      handle: string | null;
      message: string;
    }>(sql`
      SELECT row_number, column_name, handle, message FROM catalog_import_errors
      WHERE store_id = ${input.storeId} AND job_id = ${input.jobId} ORDER BY row_number, seq`),
  );
  return rows.map((r) => ({
    row: r.row_number,
    column: r.column_name,
    handle: r.handle,
    message: r.message,
  }));
}

/** What the file said about prices and stock, and whether each reached pricing and inventory. */
export async function listImportValues(db: Db, input: { storeId: string; jobId: string }) {
  await getImportJob(db, input);
  const { rows } = await withStore(db, input.storeId, (tx) =>
    tx.execute<{
      variant_id: string;
      sku: string;
      row_number: number;
      currency: string;
      price: number | null;
      compare_at_price: number | null;
      inventory_qty: number | null;
      price_applied: boolean;
      stock_applied: boolean;
    }>(sql`SELECT variant_id, sku, row_number, currency, price, compare_at_price, inventory_qty, price_applied,
                  stock_applied
           FROM catalog_import_values WHERE store_id = ${input.storeId} AND job_id = ${input.jobId}
           ORDER BY row_number`),
  );
  return rows;
}

// --- the job's steps (run by the workflow) ---------------------------------------------------

/** Mark the job running and return what the run needs. */
export async function startImportJob(
  tx: Tx,
  input: { storeId: string; jobId: string },
): Promise<{ currency: string }> {
  const { rows } = await tx.execute<{ currency: string }>(sql`
    UPDATE catalog_import_jobs SET status = 'running', started_at = coalesce(started_at, now()), updated_at = now()
    WHERE store_id = ${input.storeId} AND id = ${input.jobId} RETURNING currency`);
  if (!rows[0]) throw new Error(`import job ${input.jobId} not found`);
  return { currency: rows[0].currency };
}

/** The job's file, read and planned; the file does not change, so every reading plans the same. */
export async function planImportJob(db: Db, input: { storeId: string; jobId: string; currency: string }) {
  const { rows } = await withStore(db, input.storeId, (tx) =>
    tx.execute<{ source: string | null }>(
      sql`SELECT source FROM catalog_import_jobs WHERE store_id = ${input.storeId} AND id = ${input.jobId}`,
    ),
  );
  const { records, errors } = parseCsv(rows[0]?.source ?? '');
  return planImport(records, errors, input.currency);
}

/** Split the planned products into batches of about IMPORT_BATCH_ROWS rows. */
export function importBatches(plan: PlannedImport, batchRows = IMPORT_BATCH_ROWS): ImportProduct[][] {
  const batches: ImportProduct[][] = [];
  let current: ImportProduct[] = [];
  let rows = 0;
  for (const p of plan.products) {
    current.push(p);
    rows += p.rowCount;
    if (rows >= batchRows) {
      batches.push(current);
      current = [];
      rows = 0;
    }
  }
  if (current.length) batches.push(current);
  return batches;
}

/** Record errors that belong to no product (rows without a Handle, unreadable rows). */
export async function recordLooseErrors(
  tx: Tx,
  input: { storeId: string; jobId: string; errors: readonly RowError[] },
): Promise<void> {
  await addErrors(tx, input.storeId, input.jobId, input.errors);
  await tx.execute(sql`
    UPDATE catalog_import_jobs SET processed_rows = processed_rows + ${input.errors.length}, updated_at = now()
    WHERE store_id = ${input.storeId} AND id = ${input.jobId}`);
}

export interface BatchOutcome {
  created: number;
  updated: number;
  failed: number;
  errors: number;
}

/**
 * Write one batch in the caller's (store-scoped) transaction: check SKUs against the store,
 * write every error-free product, record the rest's errors, advance the job and emit progress.
 */
export async function writeImportBatch(
  tx: Tx,
  input: { storeId: string; jobId: string; currency: string; products: readonly ImportProduct[] },
): Promise<BatchOutcome> {
  const { storeId, jobId, currency } = input;
  const products = input.products.map((p) => ({ ...p, errors: [...p.errors] }));

  // A SKU may move with its product, never be taken from another product.
  const owners = await findSkuOwners(
    tx,
    storeId,
    products.filter((p) => !p.errors.length).flatMap((p) => p.product.variants.map((v) => v.sku)),
  );
  for (const p of products) {
    for (const v of p.values) {
      const owner = owners.get(v.sku);
      if (owner !== undefined && owner !== p.handle) {
        p.errors.push({
          row: v.row,
          column: 'Variant SKU',
          message: `SKU "${v.sku}" belongs to product "${owner}" in this store`,
          handle: p.handle,
        });
      }
    }
  }

  let valid = products.filter((p) => !p.errors.length);
  let results: BulkProductResult[];
  try {
    results = await tx.transaction((sp) => writeProducts(sp, storeId, jobId, currency, valid));
  } catch {
    // Something only the database could see (a race with another writer, stock the inventory
    // module refused): product by product, each in its own savepoint, so the rest of the batch
    // still lands.
    results = [];
    for (const p of valid) {
      try {
        results.push(...(await tx.transaction((sp) => writeProducts(sp, storeId, jobId, currency, [p]))));
      } catch (err) {
        if (err instanceof StockRefused) {
          for (const r of err.rows) {
            p.errors.push({
              row: r.row,
              column: 'Variant Inventory Qty',
              message: r.message,
              handle: p.handle,
            });
          }
        } else {
          p.errors.push({ row: p.firstRow, column: null, message: databaseMessage(err), handle: p.handle });
        }
      }
    }
    valid = valid.filter((p) => !p.errors.length);
  }

  const failed = products.filter((p) => p.errors.length);
  const errors = failed.flatMap((p) => p.errors);
  await addErrors(tx, storeId, jobId, errors);
  for (const r of results) {
    await emitEvent(tx, {
      storeId,
      type: r.created ? 'product.created' : 'product.updated',
      aggregateType: 'product',
      aggregateId: r.id,
      payload: {
        productId: r.id,
        handle: r.handle,
        status: r.status,
        ...(r.created ? {} : { changes: [...IMPORT_CHANGES] }),
        importJobId: jobId,
      } satisfies ProductEventPayload,
    });
  }
  const outcome: BatchOutcome = {
    created: results.filter((r) => r.created).length,
    updated: results.filter((r) => !r.created).length,
    failed: failed.length,
    errors: errors.length,
  };
  const rows = products.reduce((n, p) => n + p.rowCount, 0);
  const { rows: progress } = await tx.execute<{ processed_rows: number; total_rows: number }>(sql`
    UPDATE catalog_import_jobs SET processed_rows = processed_rows + ${rows},
      products_created = products_created + ${outcome.created},
      products_updated = products_updated + ${outcome.updated},
      products_failed = products_failed + ${outcome.failed}, updated_at = now()
    WHERE store_id = ${storeId} AND id = ${jobId} RETURNING processed_rows, total_rows`);
  const { processed_rows, total_rows } = progress[0]!;
  await emitEvent(tx, {
    storeId,
    type: 'catalog_import.progressed',
    aggregateType: 'catalog_import',
    aggregateId: jobId,
    payload: {
      job_id: jobId,
      processed_rows,
      total_rows,
      percentage: percentage(processed_rows, total_rows),
    },
  });
  return outcome;
}

async function writeProducts(
  tx: Tx,
  storeId: string,
  jobId: string,
  currency: string,
  products: readonly ImportProduct[],
): Promise<BulkProductResult[]> {
  const results = await upsertProducts(tx, { storeId, products: products.map((p) => p.product) });
  const values = products.flatMap((p, i) => {
    const result = results[i]!;
    const ids = new Map(result.variants.map((v) => [v.sku, v.id]));
    return p.values.map((v) => ({ ...v, variantId: ids.get(v.sku)!, newProduct: result.created }));
  });
  await applyVariantValues(tx, { storeId, jobId, currency, values });
  return results;
}

function databaseMessage(err: unknown): string {
  const e = err as { cause?: { code?: string; detail?: string }; code?: string; message?: string };
  const code = e.cause?.code ?? e.code;
  if (code === '23505') return 'a handle or SKU of this product was taken by another write; import it again';
  if (code === '23503')
    return (
      'a variant of this product that is not in the file has stock records (or orders) and cannot be ' +
      'deleted; keep its row in the file, or archive the product instead'
    );
  if (/SKUs belong to other products/.test(e.message ?? ''))
    return 'a SKU of this product belongs to another product';
  return 'the product could not be written';
}

export async function completeImportJob(
  tx: Tx,
  input: { storeId: string; jobId: string },
): Promise<ImportJob> {
  const { rows } = await tx.execute<JobRow>(sql`
    UPDATE catalog_import_jobs SET status = 'completed', finished_at = now(), updated_at = now()
    WHERE store_id = ${input.storeId} AND id = ${input.jobId} RETURNING ${JOB_COLUMNS}`);
  const job = jobFromRow(rows[0]!);
  await emitEvent(tx, {
    storeId: input.storeId,
    type: 'catalog_import.completed',
    aggregateType: 'catalog_import',
    aggregateId: job.id,
    payload: {
      job_id: job.id,
      total_rows: job.totalRows,
      processed_rows: job.processedRows,
      products_created: job.productsCreated,
      products_updated: job.productsUpdated,
      products_failed: job.productsFailed,
      error_count: job.errorCount,
    },
  });
  return job;
}

export async function failImportJob(
  tx: Tx,
  input: { storeId: string; jobId: string; reason: string },
): Promise<void> {
  await tx.execute(sql`
    UPDATE catalog_import_jobs SET status = 'failed', failure = ${input.reason.slice(0, 500)}, finished_at = now(),
      updated_at = now()
    WHERE store_id = ${input.storeId} AND id = ${input.jobId}`);
  await emitEvent(tx, {
    storeId: input.storeId,
    type: 'catalog_import.failed',
    aggregateType: 'catalog_import',
    aggregateId: input.jobId,
    payload: { job_id: input.jobId },
  });
}

async function addErrors(tx: Tx, storeId: string, jobId: string, errors: readonly RowError[]): Promise<void> {
  if (!errors.length) return;
  const { rows } = await tx.execute<{ error_count: number }>(sql`
    UPDATE catalog_import_jobs SET error_count = error_count + ${errors.length}
    WHERE store_id = ${storeId} AND id = ${jobId} RETURNING error_count`);
  const first = rows[0]!.error_count - errors.length;
  const kept = errors.slice(0, Math.max(0, MAX_STORED_ERRORS - first));
  if (!kept.length) return;
  const payload = kept.map((e, i) => ({
    seq: first + i + 1,
    row_number: e.row,
    column_name: e.column,
    handle: e.handle,
    message: e.message,
  }));
  await tx.execute(sql`
    INSERT INTO catalog_import_errors (store_id, job_id, seq, row_number, column_name, handle, message)
    SELECT ${storeId}, ${jobId}, r.seq, r.row_number, r.column_name, r.handle, r.message
    FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
      AS r(seq int, row_number int, column_name text, handle text, message text)`);
}

export function percentage(done: number, total: number): number {
  if (total <= 0) return 100;
  return Math.min(100, Math.floor((done / total) * 1000) / 10);
}

// --- rows ------------------------------------------------------------------------------------

interface JobRow {
  id: string;
  store_id: string;
  status: ImportJobStatus;
  file_name: string | null;
  currency: string;
  total_rows: number;
  processed_rows: number;
  products_created: number;
  products_updated: number;
  products_failed: number;
  error_count: number;
  failure: string | null;
  created_at: string | Date;
  started_at: string | Date | null;
  finished_at: string | Date | null;
  [key: string]: unknown;
}

const JOB_COLUMNS = sql.raw(
  'id, store_id, status, file_name, currency, total_rows, processed_rows, products_created, products_updated, ' +
    'products_failed, error_count, failure, created_at, started_at, finished_at',
);

const date = (v: string | Date | null) => (v === null ? null : new Date(v));

function jobFromRow(r: JobRow): ImportJob {
  return {
    id: r.id,
    storeId: r.store_id,
    status: r.status,
    fileName: r.file_name,
    currency: r.currency,
    totalRows: r.total_rows,
    processedRows: r.processed_rows,
    productsCreated: r.products_created,
    productsUpdated: r.products_updated,
    productsFailed: r.products_failed,
    errorCount: r.error_count,
    failure: r.failure,
    createdAt: new Date(r.created_at),
    startedAt: date(r.started_at),
    finishedAt: date(r.finished_at),
  };
}
