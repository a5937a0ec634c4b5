import type { Channel, Purpose } from './contacts.ts';

/**
 * The templates every store starts with, for abandoned-cart recovery, in English and
 * Vietnamese: a reminder e-mail, a second e-mail with a discount code, an SMS and a push
 * notification. Created once per store (a merchant edits or deletes them like any other).
 */

export interface DefaultTemplate {
  handle: string;
  locale: string;
  channel: Channel;
  purpose: Purpose;
  name: string;
  subject?: string;
  body: string;
  text_body?: string;
  url?: string;
}

interface Words {
  hello: string;
  reminderSubject: string;
  reminderIntro: string;
  discountSubject: string;
  discountIntro: string;
  useCode: string;
  total: string;
  qty: string;
  button: string;
  unsubscribe: string;
  sms: string;
  smsDiscount: string;
  pushTitle: string;
  pushBody: string;
}

const WORDS: Record<'en' | 'vi', Words> = {
  en: {
    hello: 'Hi',
    reminderSubject: 'You left something in your cart at {{ store.name }}',
    reminderIntro: 'Your cart is saved. Pick up where you left off whenever you like.',
    discountSubject: 'Still thinking it over? Here is {{ discount.description | default: "a discount" }}',
    discountIntro: 'Your cart is still waiting, and this code is yours:',
    useCode: 'Use code',
    total: 'Total',
    qty: 'Qty',
    button: 'Return to your cart',
    unsubscribe: 'Unsubscribe',
    sms: '{{ store.name }}: your cart is waiting. Finish your order: {{ cart.recovery_url }}',
    smsDiscount: ' Code {{ discount.code }}.',
    pushTitle: 'Your cart is waiting',
    pushBody: '{{ cart.item_count }} item(s) · {{ cart.total }} at {{ store.name }}',
  },
  vi: {
    hello: 'Xin chào',
    reminderSubject: 'Bạn còn sản phẩm trong giỏ hàng tại {{ store.name }}',
    reminderIntro: 'Giỏ hàng của bạn đã được lưu. Hãy tiếp tục mua sắm bất cứ lúc nào.',
    discountSubject: 'Bạn vẫn đang cân nhắc? Tặng bạn {{ discount.description | default: "ưu đãi" }}',
    discountIntro: 'Giỏ hàng vẫn đang chờ bạn, và đây là mã dành riêng cho bạn:',
    useCode: 'Nhập mã',
    total: 'Tổng cộng',
    qty: 'SL',
    button: 'Quay lại giỏ hàng',
    unsubscribe: 'Hủy đăng ký',
    sms: '{{ store.name }}: giỏ hàng của bạn đang chờ. Hoàn tất đơn hàng: {{ cart.recovery_url }}',
    smsDiscount: ' Mã {{ discount.code }}.',
    pushTitle: 'Giỏ hàng đang chờ bạn',
    pushBody: '{{ cart.item_count }} sản phẩm · {{ cart.total }} tại {{ store.name }}',
  },
};

function emailBody(w: Words, intro: string, withCode: boolean): string {
  return `<mjml>
  <mj-head>
    <mj-attributes><mj-all font-family="Helvetica, Arial, sans-serif" /></mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f4f4">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="20px" font-weight="bold">{{ store.name }}</mj-text>
        <mj-text font-size="16px">${w.hello}{% if customer.first_name %} {{ customer.first_name }}{% endif %},</mj-text>
        <mj-text font-size="16px">${intro}</mj-text>
${
  withCode
    ? `        {% if discount %}<mj-text font-size="18px" align="center">${w.useCode} <strong>{{ discount.code }}</strong></mj-text>{% endif %}\n`
    : ''
}      </mj-column>
    </mj-section>
    {% for item in cart.items %}
    <mj-section background-color="#ffffff" padding="8px 24px">
      <mj-column width="30%">{% if item.image_url %}<mj-image src="{{ item.image_url }}" alt="{{ item.title }}" width="100px" />{% endif %}</mj-column>
      <mj-column width="70%">
        <mj-text font-size="15px"><strong>{{ item.title }}</strong>{% if item.variant_title %}<br />{{ item.variant_title }}{% endif %}<br />${w.qty}: {{ item.quantity }} · {{ item.line_total }}</mj-text>
      </mj-column>
    </mj-section>
    {% endfor %}
    <mj-section background-color="#ffffff" padding="16px 24px">
      <mj-column>
        <mj-text font-size="16px" align="right">${w.total}: <strong>{{ cart.total }}</strong></mj-text>
        <mj-button href="{{ cart.recovery_url }}" background-color="#111111" font-size="16px">${w.button}</mj-button>
      </mj-column>
    </mj-section>
    <mj-section padding="16px">
      <mj-column>
        <mj-text font-size="12px" color="#777777" align="center"><a href="{{ unsubscribe_url }}" style="color:#777777">${w.unsubscribe}</a></mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;
}

function emailText(w: Words, intro: string, withCode: boolean): string {
  return [
    `${w.hello}{% if customer.first_name %} {{ customer.first_name }}{% endif %},`,
    '',
    intro,
    ...(withCode ? ['{% if discount %}', `${w.useCode}: {{ discount.code }}`, '{% endif %}'] : []),
    '',
    `{% for item in cart.items %}- {{ item.title }}{% if item.variant_title %} ({{ item.variant_title }}){% endif %} × {{ item.quantity }}: {{ item.line_total }}`,
    '{% endfor %}',
    `${w.total}: {{ cart.total }}`,
    '',
    `${w.button}: {{ cart.recovery_url }}`,
    '',
    `${w.unsubscribe}: {{ unsubscribe_url }}`,
    '',
  ].join('\n');
}

export const DEFAULT_TEMPLATES: DefaultTemplate[] = (['en', 'vi'] as const).flatMap((locale) => {
  const w = WORDS[locale];
  return [
    {
      handle: 'recovery-reminder',
      locale,
      channel: 'email' as const,
      purpose: 'recovery' as const,
      name: locale === 'en' ? 'Cart reminder' : 'Nhắc giỏ hàng',
      subject: w.reminderSubject,
      body: emailBody(w, w.reminderIntro, false),
      text_body: emailText(w, w.reminderIntro, false),
    },
    {
      handle: 'recovery-discount',
      locale,
      channel: 'email' as const,
      purpose: 'recovery' as const,
      name: locale === 'en' ? 'Cart reminder with a discount' : 'Nhắc giỏ hàng kèm mã giảm giá',
      subject: w.discountSubject,
      body: emailBody(w, w.discountIntro, true),
      text_body: emailText(w, w.discountIntro, true),
    },
    {
      handle: 'recovery-sms',
      locale,
      channel: 'sms' as const,
      purpose: 'recovery' as const,
      name: locale === 'en' ? 'Cart reminder (SMS)' : 'Nhắc giỏ hàng (SMS)',
      body: `${w.sms}{% if discount %}${w.smsDiscount}{% endif %}`,
    },
    {
      handle: 'recovery-push',
      locale,
      channel: 'push' as const,
      purpose: 'recovery' as const,
      name: locale === 'en' ? 'Cart reminder (push)' : 'Nhắc giỏ hàng (push)',
      subject: w.pushTitle,
      body: w.pushBody,
      url: '{{ cart.recovery_url }}',
    },
  ];
});
