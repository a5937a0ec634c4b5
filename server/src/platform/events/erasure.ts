import { sql } from 'drizzle-orm';
import type { Tx } from '../db/database.ts';
import { mentionPatterns, redactJson, type Redaction } from '../privacy/redact.ts';

/**
 * GDPR erasure in the outbox: every event of an aggregate whose events mention the person (their
 * e-mail or customer id) gets its personal fields redacted — all events of that aggregate, since
 * an earlier cart event may carry the address without the e-mail. Events stay (what happened, in
 * order); who it happened to goes. Scans the store's events: erasure is rare, the scan is simple.
 * Returns how many events were changed.
 */
export async function redactEventsAbout(tx: Tx, storeId: string, redaction: Redaction): Promise<number> {
  const { rows } = await tx.execute<{ id: string; payload: unknown }>(sql`
    WITH hit AS (
      SELECT DISTINCT aggregate_type, aggregate_id FROM events
      WHERE store_id = ${storeId} AND payload::text ILIKE ANY (${sql.param(mentionPatterns(redaction.needles))}::text[])
    )
    SELECT e.id, e.payload FROM events e JOIN hit USING (aggregate_type, aggregate_id)
    WHERE e.store_id = ${storeId}
    FOR UPDATE OF e`);
  const changed = rows
    .map((r) => ({ id: r.id, payload: redactJson(r.payload, redaction) }))
    .filter((r, i) => r.payload !== rows[i]!.payload);
  if (changed.length) {
    await tx.execute(sql`
      UPDATE events e SET payload = x.payload
      FROM jsonb_to_recordset(${JSON.stringify(changed)}::jsonb) AS x(id text, payload jsonb)
      WHERE e.store_id = ${storeId} AND e.id = x.id`);
  }
  return changed.length;
}
