import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { withStore, type Db, type DbOrTx, type Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { linkToken, linkTokenValid } from '../../platform/link-tokens.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { getStore, mergeStoreSettings } from '../tenancy/service.ts';
import type { ConsentChannel, ConsentSource } from './views.ts';

/**
 * Double opt-in (`settings.marketing.double_opt_in`): when a store asks for it, a shopper's e-mail
 * consent given at checkout or in their account counts only once they follow the link e-mailed to
 * that address — so nobody subscribes an address that is not theirs. Until then a request waits
 * (`marketing_consent_requests`, 7 days); confirming records the consent with the request's id in
 * the history, the evidence that the address's owner agreed. Staff and imports vouch for what they
 * record, so their statements count at once; a withdrawal always counts at once and cancels any
 * request still open.
 *
 * The link's token is `<request>.<expiry>.<HMAC>` — the platform's signed link (`link-tokens.ts`)
 * for the request of this store: nothing secret is stored, and the e-mail can be sent again with
 * the same link.
 */

export const MarketingSettings = z.strictObject({
  double_opt_in: z
    .boolean()
    .describe(
      "A shopper's e-mail consent (checkout box, account) counts once they confirm it from a link e-mailed to them",
    ),
});
export type MarketingSettings = z.infer<typeof MarketingSettings>;
const MarketingSettingsPatch = MarketingSettings.partial();
type MarketingSettingsPatch = z.input<typeof MarketingSettingsPatch>;

/** The store's marketing settings (off unless the store turned double opt-in on). */
function marketingSettingsOf(storeSettings: Record<string, unknown>): MarketingSettings {
  const stored = (storeSettings.marketing ?? {}) as Record<string, unknown>;
  return { double_opt_in: stored.double_opt_in === true };
}

export async function getMarketingSettings(db: DbOrTx, storeId: string): Promise<MarketingSettings> {
  return marketingSettingsOf((await getStore(db, storeId)).settings);
}

/** Change the marketing settings; audited with what they were and are. */
export async function updateMarketingSettings(
  db: Db,
  o: { storeId: string; input: MarketingSettingsPatch; actor?: Actor },
): Promise<MarketingSettings> {
  const patch = parseInput(MarketingSettingsPatch, o.input);
  return withStore(db, o.storeId, async (tx) => {
    const before = marketingSettingsOf((await getStore(tx, o.storeId)).settings);
    const after = marketingSettingsOf((await mergeStoreSettings(tx, o.storeId, 'marketing', patch)).settings);
    if (before.double_opt_in !== after.double_opt_in) {
      await auditAs(tx, o.actor, {
        storeId: o.storeId,
        action: 'store.marketing_settings_changed',
        entityType: 'store',
        entityId: o.storeId,
        before,
        after,
      });
    }
    return after;
  });
}

/** How long a confirmation link works. */
const CONFIRMATION_TTL_DAYS = 7;

/** Whether this statement must wait for the address's owner to confirm it. */
export function needsConfirmation(o: {
  channel: ConsentChannel;
  status: string;
  source: ConsentSource;
  confirmationId?: string;
}): boolean {
  return (
    o.channel === 'email' &&
    o.status === 'granted' &&
    (o.source === 'checkout' || o.source === 'account') &&
    !o.confirmationId
  );
}

/**
 * Open a confirmation request for the address (or renew the open one: a second tick sends the
 * link again and gives it another 7 days) and announce it; the e-mail goes out from the event
 * (`events.ts`). Returns when it was first asked.
 */
export async function requestConfirmationInTx(
  tx: Tx,
  o: {
    storeId: string;
    customerId: string | null;
    email: string;
    channel: ConsentChannel;
    source: ConsentSource;
    locale?: string | null;
  },
): Promise<{ requestId: string; requestedAt: string }> {
  const { rows } = await tx.execute<{ id: string; requested_at: Date | string }>(sql`
    INSERT INTO marketing_consent_requests (id, store_id, customer_id, email, channel, source, locale, expires_at)
    VALUES (${newId('mcr')}, ${o.storeId}, ${o.customerId}, ${o.email}, ${o.channel}, ${o.source},
            COALESCE(${o.locale ?? null}, (SELECT locale FROM customer_profiles
                                          WHERE store_id = ${o.storeId} AND customer_id = ${o.customerId})),
            now() + make_interval(days => ${CONFIRMATION_TTL_DAYS}))
    ON CONFLICT (store_id, email, channel) WHERE confirmed_at IS NULL AND cancelled_at IS NULL
    DO UPDATE SET
      -- Asked again after the link lapsed: a new ask, from now.
      requested_at = CASE WHEN marketing_consent_requests.expires_at <= now() THEN now()
                          ELSE marketing_consent_requests.requested_at END,
      expires_at = EXCLUDED.expires_at, source = EXCLUDED.source,
                  customer_id = COALESCE(EXCLUDED.customer_id, marketing_consent_requests.customer_id),
                  locale = COALESCE(EXCLUDED.locale, marketing_consent_requests.locale)
    RETURNING id, requested_at`);
  const request = rows[0]!;
  await emitEvent(tx, {
    storeId: o.storeId,
    type: 'customer.consent_confirmation_requested',
    aggregateType: o.customerId ? 'customer' : 'marketing_consent',
    aggregateId: o.customerId ?? request.id,
    payload: { requestId: request.id, customerId: o.customerId, channel: o.channel, source: o.source },
  });
  return { requestId: request.id, requestedAt: new Date(request.requested_at).toISOString() };
}

/** A withdrawal cancels the address's open request: a later click must not undo it. */
export async function cancelOpenRequestsInTx(
  tx: Tx,
  o: { storeId: string; email: string; channel: ConsentChannel },
): Promise<void> {
  await tx.execute(sql`
    UPDATE marketing_consent_requests SET cancelled_at = now()
    WHERE store_id = ${o.storeId} AND email = ${o.email} AND channel = ${o.channel}
      AND confirmed_at IS NULL AND cancelled_at IS NULL`);
}

/** Since when each channel has waited for its confirmation (open, unexpired requests only). */
export async function awaitingConfirmation(
  tx: DbOrTx,
  o: { storeId: string; email: string },
): Promise<Map<ConsentChannel, string>> {
  const { rows } = await tx.execute<{ channel: ConsentChannel; requested_at: Date | string }>(sql`
    SELECT channel, requested_at FROM marketing_consent_requests
    WHERE store_id = ${o.storeId} AND email = ${o.email}
      AND confirmed_at IS NULL AND cancelled_at IS NULL AND expires_at > now()`);
  return new Map(rows.map((r) => [r.channel, new Date(r.requested_at).toISOString()]));
}

interface ConsentRequestRow {
  [column: string]: unknown;
  id: string;
  store_id: string;
  customer_id: string | null;
  email: string;
  channel: ConsentChannel;
  source: ConsentSource;
  locale: string | null;
  requested_at: Date | string;
  expires_at: Date | string;
  confirmed_at: Date | string | null;
  cancelled_at: Date | string | null;
}

export async function readRequest(tx: DbOrTx, storeId: string, requestId: string, lock = false) {
  const { rows } = await tx.execute<ConsentRequestRow>(sql`
    SELECT * FROM marketing_consent_requests WHERE store_id = ${storeId} AND id = ${requestId}
    ${lock ? sql`FOR UPDATE` : sql``}`);
  return rows[0] ?? null;
}

// --- the link -------------------------------------------------------------------------------------

const LINK_PURPOSE = 'customers/consent-confirmation';
/** The request's own expiry decides; the token's is only an outer bound. */
const LINK_TTL_SECONDS = 365 * 86_400;

/**
 * `<request>.<link token>`: the request it confirms, signed for this store (platform/link-tokens),
 * timed from when it was asked — so sending it again sends the same link.
 */
export function confirmationToken(
  secret: string,
  storeId: string,
  request: { id: string; requested_at: Date | string },
): string {
  const token = linkToken(secret, LINK_PURPOSE, {
    storeId,
    id: request.id,
    ttlSeconds: LINK_TTL_SECONDS,
    now: new Date(request.requested_at),
  });
  return `${request.id}.${token}`;
}

/** The request a token names, if this server signed it for this store; else 401. */
export function requestOfToken(secret: string, storeId: string, token: string): string {
  const dot = token.indexOf('.');
  const requestId = token.slice(0, dot);
  if (
    dot < 1 ||
    !linkTokenValid(secret, LINK_PURPOSE, { storeId, id: requestId, token: token.slice(dot + 1) })
  ) {
    throw new AppError('TOKEN_INVALID', 'This confirmation link is not valid.');
  }
  return requestId;
}
