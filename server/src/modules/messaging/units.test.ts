import { describe, expect, it } from 'vitest';
import { keywordOf } from './inbound-sms.ts';
import { parseTemplate, unknownVariables } from './liquid.ts';
import { canMove } from './message-states.ts';
import { nextSmsTime } from './quiet-hours.ts';
import { htmlToText, trackHtml } from './render.ts';
import { signLink, verifyLink } from './tracking.ts';
import { VARIABLES } from './variables.ts';

/** The pure parts: template analysis, quiet hours, signed links, keywords, the state machine. */

const problems = (source: string, purpose: 'recovery' | 'transactional' = 'recovery') => {
  const parsed = parseTemplate(source);
  if ('problem' in parsed) return [parsed.problem.message];
  return unknownVariables(parsed.templates, VARIABLES[purpose]).map((p) => p.path);
};

describe('template variables, checked statically in every branch', () => {
  it('accepts declared variables, loops over cart items, filters, sizes and locals', () => {
    expect(
      problems(
        '{% for item in cart.items %}{{ item.title | upcase }} {{ forloop.index }}{% endfor %}' +
          '{% if discount %}{{ discount.code }}{% else %}{{ cart.total }}{% endif %}{{ cart.items.size }}' +
          '{{ cart.items.first.title }}{{ cart.items[0].price }}{% assign n = cart.item_count %}{{ n }}' +
          '{% capture x %}{{ store.name }}{% endcapture %}{{ x }}{% for i in (1..3) %}{{ i }}{% endfor %}' +
          '{{ unsubscribe_url }}{{ customer.first_name | default: "there" }}',
      ),
    ).toEqual([]);
  });

  it('names every unknown variable, including in branches never taken and inside loops', () => {
    expect(
      problems(
        '{{ shopper }}{% if false %}{{ cart.nope }}{% endif %}{% for item in cart.items %}{{ item.sku }}{% endfor %}' +
          '{% for item in cart.items %}{% for x in item.tags %}{% endfor %}{% endfor %}{{ cart.total.cents }}',
      ),
    ).toEqual(['shopper', 'cart.nope', 'item.sku', 'item.tags', 'cart.total.cents']);
  });

  it('knows each purpose: order is transactional only', () => {
    expect(problems('{{ order.number }}', 'recovery')).toEqual(['order']);
    expect(problems('{{ order.number }}', 'transactional')).toEqual([]);
  });

  it('refuses partials and reports syntax errors', () => {
    expect(problems('{% render "x" %}')).toEqual(['']);
    expect(problems('{% if %}')[0]).toMatch(/Liquid syntax error/);
  });
});

describe('SMS quiet hours (08:00–21:00 local)', () => {
  const at = (iso: string, tz: string) => nextSmsTime(new Date(iso), tz).toISOString();
  it('now inside the window; otherwise the next 08:00 in that zone', () => {
    expect(at('2026-11-30T12:00:00Z', 'Asia/Ho_Chi_Minh')).toBe('2026-11-30T12:00:00.000Z'); // 19:00
    expect(at('2026-11-30T14:00:00Z', 'Asia/Ho_Chi_Minh')).toBe('2026-12-01T01:00:00.000Z'); // 21:00 sharp
    expect(at('2026-11-30T20:00:00Z', 'Asia/Ho_Chi_Minh')).toBe('2026-12-01T01:00:00.000Z'); // 03:00
    expect(at('2026-11-30T07:59:59Z', 'UTC')).toBe('2026-11-30T08:00:00.000Z');
    expect(at('2026-12-31T22:00:00Z', 'UTC')).toBe('2027-01-01T08:00:00.000Z');
  });
  it('across daylight-saving changes', () => {
    expect(at('2026-03-08T06:30:00Z', 'America/New_York')).toBe('2026-03-08T12:00:00.000Z'); // spring forward
    expect(at('2026-11-01T03:00:00Z', 'America/New_York')).toBe('2026-11-01T13:00:00.000Z'); // fall back
  });
});

describe('signed links', () => {
  const secret = 'a-secret-of-at-least-thirty-two-characters';
  const exp = Math.floor(Date.now() / 1000) + 60;
  it('verify only with the same secret, kind and before expiry', () => {
    const t = signLink(secret, {
      kind: 'click',
      storeId: 's',
      messageId: 'm',
      url: 'https://a.example/x',
      link: 2,
      exp,
    });
    expect(verifyLink(secret, t, 'click')).toMatchObject({
      url: 'https://a.example/x',
      link: 2,
      messageId: 'm',
    });
    expect(verifyLink(secret, t, 'open')).toBeNull();
    expect(verifyLink(`${secret}x`, t, 'click')).toBeNull();
    expect(verifyLink(secret, t, 'click', (exp + 1) * 1000)).toBeNull();
    const [payload, mac] = t.split('.');
    const changed = Buffer.from(
      Buffer.from(payload!, 'base64url').toString().replace('a.example', 'b.example'),
    ).toString('base64url');
    expect(verifyLink(secret, `${changed}.${mac}`, 'click')).toBeNull();
    const js = signLink(secret, {
      kind: 'click',
      storeId: 's',
      messageId: 'm',
      url: 'javascript:alert(1)',
      exp,
    });
    expect(verifyLink(secret, js, 'click')).toBeNull();
  });
});

describe('HTML parts', () => {
  it('tracks http(s) links but not the unsubscribe link; adds the pixel', () => {
    const links = {
      open: () => 'https://t/o',
      click: (u: string, n: number) => `https://t/c/${n}`,
      unsubscribe: () => 'https://t/u',
    };
    const html = trackHtml(
      '<html><body><a href="https://shop/x?a=1&amp;b=2">x</a><a href="mailto:a@b">m</a><a href="https://t/u">u</a></body></html>',
      links,
      'https://t/u',
    );
    expect(html).toContain('<a href="https://t/c/0">x</a>');
    expect(html).toContain('href="mailto:a@b"');
    expect(html).toContain('href="https://t/u"');
    expect(html).toMatch(/<img src="https:\/\/t\/o"[^>]*><\/body>/);
    expect(htmlToText('<body><p>Hi &amp; bye</p><a href="https://x">Go</a><style>p{}</style></body>')).toBe(
      'Hi & bye\nGo (https://x)',
    );
  });
});

describe('SMS keywords', () => {
  it('knows the carriers’ keywords and their Vietnamese equivalents', () => {
    for (const w of [
      'STOP',
      'stop',
      ' Stop. ',
      'STOPALL',
      'UNSUBSCRIBE',
      'cancel',
      'END',
      'QUIT',
      'Hủy',
      'HUY',
      'Dừng',
    ]) {
      expect(keywordOf(w)).toBe('stop');
    }
    for (const w of ['START', 'unstop', 'YES']) expect(keywordOf(w)).toBe('start');
    for (const w of ['HELP', 'info']) expect(keywordOf(w)).toBe('help');
    for (const w of ['stop sending me cat pics please', 'where is my order', ''])
      expect(keywordOf(w)).toBeNull();
  });
});

describe('message states', () => {
  it('engagement only moves forward', () => {
    expect(canMove('sent', 'delivered')).toBe(true);
    expect(canMove('opened', 'delivered')).toBe(false);
    expect(canMove('clicked', 'opened')).toBe(false);
    expect(canMove('suppressed', 'sending')).toBe(false);
    expect(canMove('delivered', 'bounced')).toBe(true);
  });
});
