import { migrateWorkflowSchema } from '../src/platform/workflows/engine.ts';

/**
 * Extra one-time preparation of the migrated template database (for example, system schemas
 * that libraries create for themselves), so every cloned test database starts complete.
 */
export async function prepareTemplate(templateUrl: string): Promise<void> {
  // DBOS's system schema: cloned databases can launch workers and enqueue at once.
  await migrateWorkflowSchema(templateUrl);
}
