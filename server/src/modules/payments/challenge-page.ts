import { minorUnitExponent } from '../../platform/money.ts';
import type { TestChallenge } from './providers/test-processor.ts';

/**
 * The test processor's 3-D Secure challenge, as a bank's page would show it: one small HTML page
 * that works without JavaScript, reads well on a phone and with a screen reader — the amount,
 * then two large buttons. Everything shown is escaped.
 */

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function formatAmount(amount: number, currency: string): string {
  const exponent = minorUnitExponent(currency);
  try {
    return new Intl.NumberFormat('en', {
      style: 'currency',
      currency,
      minimumFractionDigits: exponent,
      maximumFractionDigits: exponent,
    }).format(amount / 10 ** exponent);
  } catch {
    return `${(amount / 10 ** exponent).toFixed(exponent)} ${currency}`;
  }
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
  body { margin: 0; padding: 1.5rem; display: flex; justify-content: center; line-height: 1.5; }
  main { width: 100%; max-width: 26rem; }
  h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
  .amount { font-size: 2rem; font-weight: 700; margin: .5rem 0 1.5rem; }
  .note { opacity: .8; font-size: .95rem; }
  form { display: grid; gap: .75rem; margin-top: 1.5rem; }
  button { font: inherit; font-size: 1.1rem; min-height: 3rem; border-radius: .5rem; border: 2px solid currentColor;
    padding: .75rem 1rem; cursor: pointer; background: transparent; color: inherit; }
  button[value=approve] { background: #0a7d32; border-color: #0a7d32; color: #fff; }
  button:focus-visible { outline: 3px solid #1a73e8; outline-offset: 2px; }
`;

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The challenge: approve or fail, posted back to the same address. */
export function challengePage(challenge: TestChallenge, action: string): string {
  if (challenge.challenge !== 'pending') return resultPage(challenge);
  return page(
    'Confirm your payment',
    `<h1>Confirm your payment</h1>
<p class="note">Test card issuer · 3-D Secure</p>
<p class="amount" aria-label="Amount to pay">${escape(formatAmount(challenge.amount, challenge.currency))}</p>
<p>Your bank asks you to confirm this payment. This is the test processor: choose how the challenge ends.</p>
<form method="post" action="${escape(action)}">
  <button type="submit" name="outcome" value="approve">Approve payment</button>
  <button type="submit" name="outcome" value="fail">Fail authentication</button>
</form>`,
  );
}

/** After the answer, when there is no return URL to send the shopper back to. */
export function resultPage(challenge: TestChallenge): string {
  const approved = challenge.challenge === 'approved';
  const title = approved ? 'Payment confirmed' : 'Payment not confirmed';
  return page(
    title,
    `<h1 role="status">${title}</h1>
<p class="amount">${escape(formatAmount(challenge.amount, challenge.currency))}</p>
<p>${approved ? 'You can return to the shop to finish your order.' : 'Return to the shop to choose another way to pay.'}</p>`,
  );
}

/** Where the shopper goes back to, with the payment and how it ended (as Stripe appends `payment_intent`). */
export function returnLocation(challenge: TestChallenge, status: string): string | null {
  if (!challenge.returnUrl) return null;
  const url = new URL(challenge.returnUrl);
  url.searchParams.set('payment_intent', challenge.intentId);
  url.searchParams.set('status', status);
  return url.toString();
}
