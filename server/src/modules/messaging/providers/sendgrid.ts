import { createPublicKey, verify } from 'node:crypto';
import { httpError, networkError, ProviderError, type MessagingProvider } from './provider.ts';

/**
 * SendGrid's v3 Mail Send API (`POST /v3/mail/send`, `Authorization: Bearer <api key>`): 202
 * Accepted with the message's id in `X-Message-Id`. Carton's message id travels in
 * `custom_args`, which SendGrid copies onto every event of its Event Webhook, so delivery events
 * find their message. SendGrid's own open and click tracking is off: Carton tracks them itself.
 */
export interface SendgridSettings {
  apiBase: string;
  apiKey: string;
  fromEmail: string;
  fromName?: string | undefined;
  replyTo?: string | undefined;
  timeoutMs: number;
}

export function sendgridProvider(s: SendgridSettings): MessagingProvider {
  return {
    name: 'sendgrid',
    async send(m) {
      // SendGrid sets Message-ID itself and refuses some reserved headers.
      const headers = Object.fromEntries(
        Object.entries(m.headers).filter(([k]) => k.toLowerCase() !== 'message-id'),
      );
      const body = {
        personalizations: [{ to: [{ email: m.address }] }],
        from: { email: s.fromEmail, ...(s.fromName ? { name: s.fromName } : {}) },
        ...(s.replyTo ? { reply_to: { email: s.replyTo } } : {}),
        subject: m.content.subject ?? '',
        content: [
          { type: 'text/plain', value: m.content.text },
          ...(m.content.html ? [{ type: 'text/html', value: m.content.html }] : []),
        ],
        headers,
        custom_args: { carton_message_id: m.messageId, carton_store_id: m.storeId },
        tracking_settings: {
          click_tracking: { enable: false, enable_text: false },
          open_tracking: { enable: false },
          subscription_tracking: { enable: false },
        },
      };
      let res: Response;
      try {
        res = await fetch(`${s.apiBase.replace(/\/+$/, '')}/v3/mail/send`, {
          method: 'POST',
          headers: { authorization: `Bearer ${s.apiKey}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(s.timeoutMs),
        });
      } catch (err) {
        throw networkError(err, 'SendGrid');
      }
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 401 || res.status === 403) {
        throw new ProviderError(`http_${res.status}`, 'SendGrid refused the API key', { transient: false });
      }
      if (res.status !== 202 && res.status !== 200) throw httpError(res.status, 'SendGrid');
      return { providerMessageId: res.headers.get('x-message-id') };
    },
  };
}

/** A SendGrid Event Webhook event (the fields Carton reads; custom_args arrive as top-level keys). */
export interface SendgridEvent {
  event: string;
  sg_event_id?: string;
  sg_message_id?: string;
  timestamp?: number;
  carton_message_id?: string;
  carton_store_id?: string;
  reason?: string;
  type?: string;
  url?: string;
  [key: string]: unknown;
}

/**
 * SendGrid's Signed Event Webhook: `X-Twilio-Email-Event-Webhook-Signature` is a base64 ECDSA
 * (P-256, SHA-256, DER) signature over `X-Twilio-Email-Event-Webhook-Timestamp` followed by the
 * raw body, checked against the verification key SendGrid shows (base64 DER public key). A
 * timestamp further than `maxAgeSeconds` from now is refused, so a captured request cannot be
 * replayed later (and each event id is applied once anyway).
 */
export function verifySendgridSignature(o: {
  publicKey: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer;
  maxAgeSeconds: number;
  now?: number;
}): { ok: true } | { ok: false; reason: string } {
  if (!o.signature || !o.timestamp) return { ok: false, reason: 'missing signature headers' };
  if (!/^\d{1,12}$/.test(o.timestamp)) return { ok: false, reason: 'malformed timestamp' };
  const age = Math.abs((o.now ?? Date.now()) / 1000 - Number(o.timestamp));
  if (age > o.maxAgeSeconds) return { ok: false, reason: 'timestamp outside the tolerance' };
  try {
    const key = createPublicKey({ key: Buffer.from(o.publicKey, 'base64'), format: 'der', type: 'spki' });
    const signed = Buffer.concat([Buffer.from(o.timestamp, 'utf8'), o.rawBody]);
    const good = verify('sha256', signed, { key, dsaEncoding: 'der' }, Buffer.from(o.signature, 'base64'));
    return good ? { ok: true } : { ok: false, reason: 'signature does not verify' };
  } catch {
    return { ok: false, reason: 'signature or key malformed' };
  }
}
