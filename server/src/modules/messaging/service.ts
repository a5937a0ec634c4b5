/**
 * The messaging module's public functions: what routes and other modules (recovery's campaigns,
 * checkout, orders) call. Functions take the platform and one typed options object, and throw
 * AppError with stable codes.
 */
import './events.ts';
import './personal-data.ts';
import './subscribers.ts';

export {
  sendMessage,
  queueMessageInTx,
  cancelMessages,
  attemptMessage,
  sendDueMessages,
  SendMessageInput,
  type SendResult,
  type SuppressionReason,
} from './send.ts';
export {
  recordConsent,
  withdrawConsent,
  recordConsentInTx,
  withdrawConsentInTx,
  lookUpConsent,
  mayMessage,
  CONSENT_SOURCES,
  type ConsentSource,
  type ConsentView,
  type RecordedConsent,
} from './consent.ts';
export {
  createTemplate,
  updateTemplate,
  deleteTemplate,
  getTemplate,
  listTemplates,
  previewTemplate,
  ensureDefaultTemplates,
  declaredVariables,
  TemplateInput,
  TemplatePatch,
  TemplateListQuery,
  PreviewInput,
  type TemplateView,
} from './templates.ts';
export {
  getChannelSettings,
  updateChannelSettings,
  getMessagingSettings,
  updateMessagingSettings,
  ChannelSettingsInput,
  MessagingSettingsPatch,
} from './settings.ts';
export { listMessages, getMessage, MessageListQuery } from './messages.ts';
export { exportContact, eraseContact } from './personal-data.ts';
export {
  handleSendgridEvents,
  handleTwilioStatus,
  recordOpen,
  recordClick,
  unsubscribe,
  unsubscribeTarget,
} from './delivery.ts';
export { handleInboundSms, twiml } from './inbound-sms.ts';
export {
  CHANNELS,
  PURPOSES,
  CATEGORIES,
  type Channel,
  type Purpose,
  type Category,
  type Recipient,
  PushSubscription,
  pushAddressKey,
} from './contacts.ts';
export { pushPublicKey } from './settings.ts';
