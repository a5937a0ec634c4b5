import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { storefrontUrl } from '../identity/emails.ts';
import { getStore } from '../tenancy/service.ts';
import { confirmationToken, readRequest } from './consent-confirmation.ts';
import { findShopper } from './identity-port.ts';

/**
 * The double opt-in e-mail: a link to the storefront's `/newsletter/confirm` page, in the
 * shopper's language (English or Vietnamese), sent through messaging as a transactional message —
 * so it shows in the message log and goes through the store's e-mail provider. The message's key
 * is the event's, so a redelivered event sends nothing twice; asking again (a new event) sends
 * the same link again.
 */

const WORDS = {
  en: {
    subject: 'Confirm your subscription to {{ store.name }}',
    hello: 'Hi',
    intro:
      'Please confirm that you would like to receive news and offers from {{ store.name }} at this address.',
    button: 'Yes, subscribe me',
    ignore: 'If you did not ask for this, ignore this e-mail: nothing will be sent to you.',
  },
  vi: {
    subject: 'Xác nhận đăng ký nhận tin từ {{ store.name }}',
    hello: 'Xin chào',
    intro: 'Vui lòng xác nhận rằng bạn muốn nhận tin tức và ưu đãi từ {{ store.name }} qua địa chỉ này.',
    button: 'Vâng, tôi muốn đăng ký',
    ignore: 'Nếu bạn không yêu cầu điều này, hãy bỏ qua e-mail: bạn sẽ không nhận được thư nào.',
  },
} as const;

function template(locale: string | null) {
  const w = locale?.toLowerCase().startsWith('vi') ? WORDS.vi : WORDS.en;
  const greeting = `${w.hello}{% if customer.first_name %} {{ customer.first_name }}{% endif %},`;
  return {
    subject: w.subject,
    body: `<mjml>
  <mj-body background-color="#f4f4f4">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="20px" font-weight="bold">{{ store.name }}</mj-text>
        <mj-text font-size="16px">${greeting}</mj-text>
        <mj-text font-size="16px">${w.intro}</mj-text>
        <mj-button href="{{ action_url }}" background-color="#111111" font-size="16px">${w.button}</mj-button>
        <mj-text font-size="13px" color="#777777">${w.ignore}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`,
    text_body: [greeting, '', w.intro, '', `${w.button}: {{ action_url }}`, '', w.ignore, ''].join('\n'),
  };
}

export async function sendConfirmationEmail(
  platform: Platform,
  o: { storeId: string; requestId: string; eventId: string },
): Promise<void> {
  const { storeId, requestId } = o;
  const store = await getStore(platform.db, storeId);
  const { request, shopper } = await withStore(platform.db, storeId, async (tx) => {
    const request = await readRequest(tx, storeId, requestId);
    const shopper = request?.customer_id ? await findShopper(tx, storeId, request.customer_id) : null;
    return { request, shopper };
  });
  // Confirmed or cancelled since the event: nothing to ask.
  if (!request || request.confirmed_at || request.cancelled_at) return;
  const token = confirmationToken(platform.config.CARTON_SECRET, storeId, request);
  const url = `${storefrontUrl(platform.config, store)}/newsletter/confirm?token=${encodeURIComponent(token)}`;
  // Loaded here, not at the top: messaging's service registers its part of the customers module's
  // GDPR export, so a static import would make the two modules load each other.
  const { sendMessage } = await import('../messaging/service.ts');
  await sendMessage(platform, {
    storeId,
    channel: 'email',
    to: { email: request.email, ...(request.locale ? { locale: request.locale } : {}) },
    template: template(request.locale ?? store.locale),
    data: {
      customer: { email: request.email, first_name: shopper?.firstName ?? null },
      action_url: url,
    },
    purpose: 'transactional',
    idempotencyKey: `consent-confirmation:${o.eventId}`,
    ...(request.customer_id ? { customerId: request.customer_id } : {}),
  });
}
