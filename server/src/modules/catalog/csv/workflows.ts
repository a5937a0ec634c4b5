/**
 * The import job as a durable workflow: each batch is an exactly-once `transaction` step, so a
 * worker that crashes mid-import is resumed by the next worker from the first uncommitted batch,
 * and no row is written twice.
 */
import type { Platform } from '../../../platform/context.ts';
import { DBOS, defineQueue, defineWorkflow, transaction } from '../../../platform/workflows/workflows.ts';
import {
  completeImportJob,
  failImportJob,
  importBatches,
  planImportJob,
  recordLooseErrors,
  startImportJob,
  writeImportBatch,
} from './import.ts';

let platform: Platform | null = null;

/** Called by the worker (module.startWorker): the workflow's database. */
export function setImportPlatform(p: Platform | null): void {
  platform = p;
}

function db() {
  if (!platform) throw new Error('catalog import workflow ran before the catalog CSV worker started');
  return platform.db;
}

/** One import at a time per worker process: an import is already a long sequence of big writes. */
export const catalogImportQueue = defineQueue('catalog.import', {
  workerConcurrency: 1,
  pollingIntervalMs: 250,
});

export const importProducts = defineWorkflow(
  'catalog.import-products',
  async (storeId: string, jobId: string) => {
    const scoped = { storeId };
    try {
      const { currency } = await transaction(
        db(),
        'start',
        (tx) => startImportJob(tx, { storeId, jobId }),
        scoped,
      );
      // Planning reads the stored file (which never changes), so a resumed run plans the same batches.
      const plan = await planImportJob(db(), { storeId, jobId, currency });
      if (plan.looseErrors.length) {
        await transaction(
          db(),
          'loose-errors',
          (tx) => recordLooseErrors(tx, { storeId, jobId, errors: plan.looseErrors }),
          scoped,
        );
      }
      const batches = importBatches(plan);
      for (let i = 0; i < batches.length; i++) {
        await transaction(
          db(),
          `batch-${i}`,
          (tx) => writeImportBatch(tx, { storeId, jobId, currency, products: batches[i]! }),
          scoped,
        );
      }
      const job = await transaction(
        db(),
        'complete',
        (tx) => completeImportJob(tx, { storeId, jobId }),
        scoped,
      );
      return { status: job.status };
    } catch (err) {
      platform?.log.error({ err, jobId, workflowId: DBOS.workflowID }, 'catalog import failed');
      await transaction(
        db(),
        'fail',
        (tx) => failImportJob(tx, { storeId, jobId, reason: (err as Error).message ?? 'unexpected error' }),
        scoped,
      );
      return { status: 'failed' as const };
    }
  },
);
