import { and, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { withStoreSnapshot, type Db } from '../../platform/db/database.ts';
import { decodeCursor, PageQuery, toPage, type Page } from '../../platform/http/pagination.ts';
import { TagFilter, tagsOf } from '../../platform/tags.ts';
import { parseInput } from '../../platform/validation.ts';
import { ORDER_STATUSES, type OrderStatus } from './order-states.ts';
import { linesOf } from './shared.ts';
import { orders, PAYMENT_STATUSES, type OrderPaymentStatus } from './schema.ts';
import { orderView, type OrderView } from './views.ts';

/** A comma-separated list of allowed values (`?status=confirmed,processing`). */
const oneOrMore = <T extends string>(values: readonly T[], what: string) =>
  z
    // Parsed twice (by the route, then the service): the second time it is already a list.
    .preprocess((v) => (Array.isArray(v) ? v.join(',') : v), z.string().max(500))
    .transform((s, ctx) => {
      const parts = s
        .split(',')
        .map((p) => p.trim())
        .filter(Boolean);
      const bad = parts.filter((p) => !values.includes(p as T));
      if (bad.length) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown ${what}: ${bad.join(', ')} (one of ${values.join(', ')})`,
        });
        return z.NEVER;
      }
      return parts as T[];
    });

const Minor = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Instant = z.iso.datetime({ offset: true }).or(z.iso.date()).describe('ISO 8601 date or date-time');

export const OrderListQuery = PageQuery.extend({
  status: oneOrMore(ORDER_STATUSES, 'status').optional().describe('Comma-separated statuses'),
  payment_status: oneOrMore(PAYMENT_STATUSES, 'payment status').optional().describe('Comma-separated'),
  created_from: Instant.optional().describe('Placed at or after'),
  created_to: Instant.optional().describe('Placed before'),
  customer_id: z.string().min(1).max(64).optional(),
  ids: z
    // A string from the query, or the list it was already parsed into (the service parses again).
    .preprocess(
      (v) => (typeof v === 'string' ? v.split(',').map((x) => x.trim()) : v),
      z.array(z.string().min(1, 'an order id').max(64)).min(1).max(100, 'at most 100 ids'),
    )
    .optional()
    .describe('Comma-separated order ids (at most 100): these orders only — one request for a page of links'),
  email: z.string().trim().min(1).max(320).optional().describe('Exact e-mail address (any case)'),
  tag: TagFilter.optional().describe('Comma-separated tags: orders that have all of them (any case)'),
  total_min: Minor.optional().describe('Total at least (minor units)'),
  total_max: Minor.optional().describe('Total at most (minor units)'),
  q: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Search: an order number (`#1001` or `1001`), or part of an e-mail address or name'),
});
export type OrderListQuery = z.input<typeof OrderListQuery>;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => '\\' + c);

/** The store's orders, newest first, filtered and searched; cursor pagination. */
export async function listOrders(
  db: Db,
  o: { storeId: string; query: OrderListQuery },
): Promise<Page<OrderView>> {
  const q = parseInput(OrderListQuery, o.query, 'querystring');
  const cursor = decodeCursor<{ id: string }>(q.cursor);
  const where: (SQL | undefined)[] = [eq(orders.storeId, o.storeId)];
  if (q.status?.length) where.push(inArray(orders.status, q.status as OrderStatus[]));
  if (q.payment_status?.length)
    where.push(inArray(orders.paymentStatus, q.payment_status as OrderPaymentStatus[]));
  if (q.created_from) where.push(gte(orders.createdAt, new Date(q.created_from)));
  if (q.created_to) where.push(lt(orders.createdAt, new Date(q.created_to)));
  if (q.customer_id) where.push(eq(orders.customerId, q.customer_id));
  if (q.ids) where.push(inArray(orders.id, q.ids));
  if (q.email) where.push(sql`lower(${orders.email}) = ${q.email.toLowerCase()}`);
  const tags = tagsOf(q.tag);
  // `tags <> '{}'` lets PostgreSQL use the partial index of tagged orders.
  if (tags.length) where.push(sql`(${orders.tags} @> ${sql.param(tags)}::text[] AND ${orders.tags} <> '{}')`);
  if (q.total_min !== undefined) where.push(gte(orders.total, q.total_min));
  if (q.total_max !== undefined) where.push(lte(orders.total, q.total_max));
  if (q.q) {
    const number = /^#?(\d{1,15})$/.exec(q.q);
    const like = `%${escapeLike(q.q.toLowerCase())}%`;
    where.push(
      number
        ? sql`(${orders.number} = ${Number(number[1])} OR search_text LIKE ${like})`
        : sql`search_text LIKE ${like}`,
    );
  }
  if (cursor) where.push(lt(orders.id, String(cursor.id)));
  return withStoreSnapshot(db, o.storeId, async (tx) => {
    const rows = await tx
      .select()
      .from(orders)
      .where(and(...where))
      .orderBy(desc(orders.id))
      .limit(q.limit + 1);
    const page = toPage(rows, q.limit, (r) => ({ id: r.id }));
    const lines = await linesOf(
      tx,
      page.data.map((r) => r.id),
    );
    return {
      data: page.data.map((r) =>
        orderView(
          r,
          lines.filter((l) => l.orderId === r.id),
        ),
      ),
      next_cursor: page.next_cursor,
    };
  });
}

/** A signed-in shopper's orders, newest first. */
export async function listCustomerOrders(
  db: Db,
  o: { storeId: string; customerId: string; query: z.input<typeof PageQuery> },
): Promise<Page<OrderView>> {
  const q = parseInput(PageQuery, o.query, 'querystring');
  return listOrders(db, {
    storeId: o.storeId,
    query: { limit: q.limit, cursor: q.cursor, customer_id: o.customerId },
  });
}
