import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import { safeEqual } from '../../platform/crypto.ts';
import { AppError } from '../../platform/errors.ts';
import { parseJsonKeepingIds } from './wire.ts';

/** What every platform's receiver shares: headers, signatures, payload validation. Pure functions. */

export type DeliveryHeaders = Record<string, string | string[] | undefined>;

/** A header's value (the first, if sent several times), trimmed; undefined when absent or empty. */
export function headerOf(headers: DeliveryHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  const first = Array.isArray(value) ? value[0] : value;
  const text = first?.trim();
  return text ? text : undefined;
}

/** Base64 HMAC-SHA256 of the exact bytes received (Shopify's and WooCommerce's signature). */
export function hmacSha256Base64(secret: string, body: Buffer): string {
  return createHmac('sha256', secret).update(body).digest('base64');
}

/** Whether `signature` is the base64 HMAC-SHA256 of `body` under `secret`, compared in constant time. */
export function hmacMatches(secret: string, body: Buffer, signature: string | undefined): boolean {
  if (!signature) return false;
  return safeEqual(hmacSha256Base64(secret, body), signature);
}

/** A refusal of a delivery whose payload is not what the platform documents (422, nothing stored). */
export function payloadInvalid(errors: { path: string; message: string }[], detail?: string): AppError {
  return new AppError(
    'INTEGRATION_PAYLOAD_INVALID',
    detail ?? 'The delivery does not match the payload the platform documents.',
    { errors },
  );
}

/** The body as JSON (ids beyond 2^53 kept exact), or a 422 naming the body. */
export function jsonBody(rawBody: Buffer): unknown {
  try {
    return parseJsonKeepingIds(rawBody.toString('utf8'));
  } catch {
    throw payloadInvalid([{ path: 'body', message: 'not valid JSON' }]);
  }
}

/** `value` checked against a platform payload schema; a mismatch is a 422 with each Zod path (`body.line_items.0.quantity`). */
export function parsePayload<S extends z.ZodType>(schema: S, value: unknown, at = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw payloadInvalid(
    result.error.issues.slice(0, 20).map((i) => ({
      path: [at, ...i.path.map(String)].join('.'),
      message: i.message,
    })),
  );
}

/** The header named, or a 422 naming it: deliveries without it cannot be checked or de-duplicated. */
export function requiredHeader(headers: DeliveryHeaders, name: string): string {
  const value = headerOf(headers, name);
  if (!value) throw payloadInvalid([{ path: `headers.${name.toLowerCase()}`, message: 'required' }]);
  return value;
}

/** An object with its undefined members left out, so stored payloads hold only what was said. */
export function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
