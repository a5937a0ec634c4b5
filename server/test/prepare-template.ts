/**
 * Extra one-time preparation of the migrated template database (for example, system schemas
 * that libraries create for themselves), so every cloned test database starts complete.
 */
export async function prepareTemplate(_templateUrl: string): Promise<void> {}
