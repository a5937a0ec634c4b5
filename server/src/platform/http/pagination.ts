import { z } from 'zod';
import { AppError } from '../errors.ts';

/** `?limit=&cursor=` on every list endpoint. The cursor is opaque to clients. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional(),
});
export type PageQuery = z.infer<typeof PageQuery>;

export interface Page<T> {
  data: T[];
  next_cursor: string | null;
}

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

/** Cursors encode the sort key of the last row returned (keyset pagination, never OFFSET). */
export function encodeCursor(key: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor<T extends Record<string, string | number>>(
  cursor: string | undefined,
): T | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object') return value as T;
  } catch {
    // fall through
  }
  throw new AppError('VALIDATION_FAILED', 'The cursor is not one this API issued.', {
    errors: [{ path: 'querystring.cursor', message: 'invalid cursor' }],
  });
}

/** Fetch `limit + 1` rows, return `limit`, and build the next cursor from the last one. */
export function toPage<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => Record<string, string | number>,
): Page<T> {
  const hasMore = rows.length > limit;
  const data = hasMore ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, next_cursor: hasMore && last ? encodeCursor(keyOf(last)) : null };
}
