import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from '../../../platform/errors.ts';

/**
 * Stripe's webhook signature: `Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…]`, where
 * each v1 is HMAC-SHA256 of `<t>.<raw body>` under the endpoint's signing secret. A signature is
 * accepted when one v1 matches (compared in constant time) and t is within the tolerance of now,
 * so a captured request cannot be replayed later.
 */
export function verifyStripeSignature(options: {
  payload: Buffer | string;
  header: string | undefined;
  secret: string;
  toleranceSeconds: number;
  nowSeconds?: number;
}): void {
  const { header } = options;
  if (!header) throw invalid('The Stripe-Signature header is missing.');
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === null) throw invalid('The Stripe-Signature header has no timestamp.');
  if (signatures.length === 0) throw invalid('The Stripe-Signature header has no v1 signature.');
  const expected = Buffer.from(computeSignature(options.payload, options.secret, timestamp), 'hex');
  const matches = signatures.some((s) => timingSafeEqual(Buffer.from(s, 'hex'), expected));
  if (!matches) throw invalid('The Stripe-Signature does not match the body.');
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > options.toleranceSeconds) {
    throw invalid('The Stripe-Signature timestamp is outside the tolerance: a stale or replayed event.');
  }
}

function computeSignature(payload: Buffer | string, secret: string, timestamp: number): string {
  return createHmac('sha256', secret)
    .update(`${timestamp}.`)
    .update(typeof payload === 'string' ? Buffer.from(payload) : payload)
    .digest('hex');
}

/** The header Stripe would send for `payload` (the local Stripe stand-in and tests use it). */
export function signStripePayload(payload: Buffer | string, secret: string, timestamp?: number): string {
  const t = timestamp ?? Math.floor(Date.now() / 1000);
  return `t=${t},v1=${computeSignature(payload, secret, t)}`;
}

const invalid = (message: string) => new AppError('WEBHOOK_SIGNATURE_INVALID', message);
