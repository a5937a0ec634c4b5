import type { Platform } from '../../platform/context.ts';
import type { DbOrTx, Tx } from '../../platform/db/database.ts';
import type { SendMessageInput } from '../messaging/service.ts';
import { storefrontUrl } from '../identity/emails.ts';
import { getStore } from '../tenancy/service.ts';
import type { GiftCardView } from './views.ts';

/**
 * The e-mail that gives a gift card to its recipient: the code, what it is worth, until when, and
 * a link to the shop — in the store's language (English or Vietnamese), through messaging as a
 * transactional message (the store's e-mail provider, the message log), once per card.
 */

const WORDS = {
  en: {
    subject: 'Your {{ store.name }} gift card',
    intro: 'You have received a gift card worth {{ gift_card.value }} to spend at {{ store.name }}.',
    storeCreditSubject: 'Store credit for {{ gift_card.return_number }} — {{ store.name }}',
    storeCreditIntro:
      'We have refunded {{ gift_card.return_number }} as store credit: a gift card worth {{ gift_card.value }} to spend at {{ store.name }}.',
    boughtSubject: 'Your gift card from order {{ order.number }} — {{ store.name }}',
    boughtIntro:
      'Thank you for your order {{ order.number }}. Here is the gift card you bought, worth {{ gift_card.value }} to spend at {{ store.name }} — or to give: whoever has the code can use it.',
    sentSubject: '{{ gift_card.sender }} sent you a {{ store.name }} gift card',
    sentIntro:
      'Hello{% if gift_card.recipient_name %} {{ gift_card.recipient_name }}{% endif %}, {{ gift_card.sender }} sent you a gift card worth {{ gift_card.value }} to spend at {{ store.name }}.{% if gift_card.message %}<br><br><i>{{ gift_card.message }}</i>{% endif %}',
    code: 'Your code',
    expires: 'Valid until {{ gift_card.expires }}.',
    how: 'Enter the code at checkout. Keep it safe: whoever has the code can spend the card.',
    shop: 'Visit the shop',
  },
  vi: {
    subject: 'Thẻ quà tặng {{ store.name }} của bạn',
    intro: 'Bạn đã nhận được một thẻ quà tặng trị giá {{ gift_card.value }} để mua sắm tại {{ store.name }}.',
    storeCreditSubject: 'Tín dụng cửa hàng cho {{ gift_card.return_number }} — {{ store.name }}',
    storeCreditIntro:
      'Chúng tôi đã hoàn tiền cho {{ gift_card.return_number }} bằng tín dụng cửa hàng: một thẻ quà tặng trị giá {{ gift_card.value }} để mua sắm tại {{ store.name }}.',
    boughtSubject: 'Thẻ quà tặng từ đơn hàng {{ order.number }} — {{ store.name }}',
    boughtIntro:
      'Cảm ơn bạn đã đặt đơn hàng {{ order.number }}. Đây là thẻ quà tặng bạn đã mua, trị giá {{ gift_card.value }} để mua sắm tại {{ store.name }} — hoặc để tặng: ai có mã đều có thể dùng thẻ.',
    sentSubject: '{{ gift_card.sender }} đã gửi bạn một thẻ quà tặng {{ store.name }}',
    sentIntro:
      'Xin chào{% if gift_card.recipient_name %} {{ gift_card.recipient_name }}{% endif %}, {{ gift_card.sender }} đã gửi bạn một thẻ quà tặng trị giá {{ gift_card.value }} để mua sắm tại {{ store.name }}.{% if gift_card.message %}<br><br><i>{{ gift_card.message }}</i>{% endif %}',
    code: 'Mã của bạn',
    expires: 'Có hiệu lực đến {{ gift_card.expires }}.',
    how: 'Nhập mã khi thanh toán. Hãy giữ mã cẩn thận: ai có mã đều có thể dùng thẻ.',
    shop: 'Đến cửa hàng',
  },
} as const;

/** Why the card comes: given (staff issued it), store credit for a return or a refund, or bought in an order. */
type Occasion = 'given' | 'store_credit' | 'bought' | 'sent';

function template(locale: string, occasion: Occasion) {
  const words = locale.startsWith('vi') ? WORDS.vi : WORDS.en;
  const w =
    occasion === 'store_credit'
      ? { ...words, subject: words.storeCreditSubject, intro: words.storeCreditIntro }
      : occasion === 'bought'
        ? { ...words, subject: words.boughtSubject, intro: words.boughtIntro }
        : occasion === 'sent'
          ? { ...words, subject: words.sentSubject, intro: words.sentIntro }
          : words;
  const expires = `{% if gift_card.expires %}${w.expires}{% endif %}`;
  return {
    subject: w.subject,
    body: `<mjml>
  <mj-body background-color="#f4f4f4">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="20px" font-weight="bold">{{ store.name }}</mj-text>
        <mj-text font-size="16px">${w.intro}</mj-text>
        <mj-text font-size="14px" color="#555555">${w.code}</mj-text>
        <mj-text font-size="24px" font-family="monospace" letter-spacing="2px">{{ gift_card.code }}</mj-text>
        <mj-text font-size="14px">${expires} ${w.how}</mj-text>
        <mj-button href="{{ action_url }}" background-color="#111111" font-size="16px">${w.shop}</mj-button>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`,
    text_body: [
      w.intro,
      '',
      `${w.code}: {{ gift_card.code }}`,
      '',
      `${expires} ${w.how}`,
      '',
      `${w.shop}: {{ action_url }}`,
      '',
    ].join('\n'),
  };
}

export async function sendGiftCardEmail(
  platform: Platform,
  o: {
    card: GiftCardView;
    storeId: string;
    code: string;
    /** The return (`#1001-R1`) the card refunds, as store credit. */
    storeCreditFor?: string;
  },
): Promise<void> {
  if (!o.card.recipient_email) return;
  const { sendMessage } = await import('../messaging/service.ts');
  await sendMessage(platform, await giftCardMessage(platform, platform.db, o));
}

/**
 * The e-mail of a card issued in a transaction — bought in an order, or store credit for a return
 * or a refund — recorded in that transaction (the code exists nowhere else readable): sent once it
 * commits, and retried by messaging until it is.
 */
export async function queueGiftCardEmailInTx(
  platform: Platform,
  tx: Tx,
  o: {
    card: GiftCardView;
    storeId: string;
    code: string;
    /** The return or refund (`#1001-R1`, `#1001-RF1`) the card is store credit for. */
    storeCreditFor?: string;
    /** The order it was bought in. */
    order?: { number: string; total: number };
    /** Bought for someone else: who sends it, the recipient's name, the buyer's message. */
    gift?: { sender: string; recipientName: string | null; message: string | null };
  },
): Promise<void> {
  if (!o.card.recipient_email) return;
  const { queueMessageInTx } = await import('../messaging/service.ts');
  await queueMessageInTx(platform, tx, await giftCardMessage(platform, tx, o));
}

async function giftCardMessage(
  platform: Platform,
  db: DbOrTx,
  o: {
    card: GiftCardView;
    storeId: string;
    code: string;
    storeCreditFor?: string;
    order?: { number: string; total: number };
    gift?: { sender: string; recipientName: string | null; message: string | null };
  },
): Promise<SendMessageInput> {
  const { card } = o;
  const store = await getStore(db, o.storeId);
  const locale = store.locale ?? 'en';
  const occasion: Occasion = o.gift
    ? 'sent'
    : o.order
      ? 'bought'
      : o.storeCreditFor !== undefined
        ? 'store_credit'
        : 'given';
  return {
    storeId: o.storeId,
    channel: 'email',
    to: { email: card.recipient_email!, locale },
    template: template(locale, occasion),
    data: {
      gift_card: {
        code: o.code,
        value: card.initial_value,
        currency: card.currency,
        expires: card.expires_at
          ? new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: store.timezone ?? 'UTC' }).format(
              new Date(card.expires_at),
            )
          : null,
        return_number: o.storeCreditFor ?? null,
        ...(o.gift
          ? { sender: o.gift.sender, recipient_name: o.gift.recipientName, message: o.gift.message }
          : {}),
      },
      ...(o.order
        ? { order: { number: o.order.number, total: o.order.total, currency: card.currency } }
        : {}),
      action_url: storefrontUrl(platform.config, store),
    },
    purpose: 'transactional',
    idempotencyKey: `gift-card:${card.id}`,
    ...(card.customer_id ? { customerId: card.customer_id } : {}),
  };
}
