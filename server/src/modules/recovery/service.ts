/**
 * The recovery module's public functions: what integrations, messaging and campaigns call.
 * Functions that need CARTON_SECRET (contacts are encrypted, links signed) take the Platform; the
 * `…InTx` forms run in the caller's store-scoped transaction. Errors are AppError with stable codes.
 */
import './events.ts';
import './campaign-events.ts';

export {
  TRACKED_CART_SOURCES,
  TrackedCartInput,
  TrackedCartItem,
  upsertTrackedCart,
  upsertTrackedCartInTx,
  upsertTrackedCartsInTx,
  type TrackedCartSource,
  type UpsertOutcome,
} from './tracked-carts.ts';
export { PurchaseInput, recordPurchase, recordPurchaseInTx, type PurchaseOutcome } from './purchases.ts';
export {
  RecoveryTouchInput,
  recordRecoveryTouch,
  recordRecoveryTouchInTx,
  TOUCH_KINDS,
  type TouchKind,
} from './touches.ts';
export { recoveryLinkFor, verifyRecoveryToken } from './link-tokens.ts';
export { restoreFromRecoveryLink, type RestoreOutcome } from './restore.ts';
export { detectAbandonedCarts, type DetectionResult } from './detection.ts';
export { foldTrackerEvents, pruneFoldedTrackerEvents } from './fold.ts';
export { appendTrackerEvents, TrackerBatch, TrackerEvent } from './ingest.ts';
export { readContact, type RecoveryContact } from './contacts.ts';
export { getRecoverySettings, updateRecoverySettings, type RecoverySettings } from './settings.ts';
export { recoveryAnalytics, recoveryAnalyticsCsv, refreshRecoveryRollups } from './analytics.ts';
export { getTrackedCart, listTrackedCarts } from './admin.ts';
export { eraseRecoveryContact, exportRecoveryContact } from './personal-data.ts';
export {
  recordPushSubscription,
  removePushSubscription,
  PushSubscribeInput,
  PushUnsubscribeInput,
  PUSH_SUBSCRIPTION_EVENT_TYPES,
} from './push-subscriptions.ts';
export { RECOVERY_EVENT_TYPES, type RecoveryEventType } from './events.ts';
export {
  activateCampaign,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaignRuns,
  listCampaigns,
  pauseCampaign,
  updateCampaign,
  CampaignListQuery,
  CampaignRunListQuery,
} from './campaigns.ts';
export {
  CampaignInput,
  CampaignPatch,
  CampaignView,
  CampaignRunView,
  type CampaignStatus,
} from './campaign-model.ts';
export { ensureDefaultCampaign, DEFAULT_CAMPAIGN } from './campaign-defaults.ts';
export { takeDueCampaignSteps, type SchedulerPass } from './campaign-scheduler.ts';
export { CAMPAIGN_EVENT_TYPES } from './campaign-events.ts';

import type { Platform } from '../../platform/context.ts';
import { readContact as read } from './contacts.ts';

/** A contact's e-mail and phone, decrypted (campaigns address messages with it); null if unknown. */
export function getRecoveryContact(platform: Platform, options: { storeId: string; contactId: string }) {
  return read(platform.db, platform.config.CARTON_SECRET, options.storeId, options.contactId);
}
