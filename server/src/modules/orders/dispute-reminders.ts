import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { storeOwnerEmails } from '../identity/memberships.ts';
import { claimDisputeReminder, disputesNeedingReminder } from '../payments/service.ts';
import { queueOrderEmail } from './notifications.ts';

/** How long before its deadline an unanswered dispute reminds the owners. */
const REMIND_HOURS = 48;

/**
 * Remind the store's owners, once, of each dispute still unanswered two days before its deadline
 * (the worker's `orders.dispute-reminders`, every 10 minutes): a dispute not answered in time is
 * lost. The reminder is claimed and its e-mails queued in one transaction, so a crash or an
 * overlapping run sends it once. Returns how many disputes were reminded.
 */
export async function remindDisputesDue(platform: Platform): Promise<number> {
  let reminded = 0;
  for (const due of await disputesNeedingReminder(platform, { withinHours: REMIND_HOURS })) {
    const done = await withStore(platform.db, due.storeId, async (tx) => {
      const dispute = await claimDisputeReminder(tx, due.storeId, due.disputeId);
      if (!dispute?.order_id) return false;
      for (const to of await storeOwnerEmails(tx, due.storeId)) {
        await queueOrderEmail(tx, {
          storeId: due.storeId,
          orderId: dispute.order_id,
          kind: 'dispute',
          ref: `${dispute.id}:reminder:${to}`,
        });
      }
      return true;
    });
    if (done) reminded++;
  }
  return reminded;
}
