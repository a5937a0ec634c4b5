/**
 * What other modules (and the lead's wiring) may call. The neutral types and the port are in
 * `types.ts` and `recovery-port.ts`.
 */
export {
  createConnection,
  disconnectConnection,
  getConnection,
  listConnections,
  requestSync,
  updateConnection,
  type ConnectionInput,
  type ConnectionPatch,
} from './connections.ts';
export { listDeliveries, listInbox, receiveWebhook, type DeliveryResult } from './deliveries.ts';
export { handInboxItem, replayInbox, type RecoveryIntake } from './recovery-port.ts';
export { syncConnection, type SyncReport } from './sync.ts';
export type { ConsentStatement, ExternalCart, ExternalContact, ExternalPurchase } from './types.ts';
export type { ConnectionView, DeliveryView, InboxItemView } from './views.ts';
