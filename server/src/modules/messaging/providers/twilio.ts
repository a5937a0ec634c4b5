import { createHmac } from 'node:crypto';
import { safeEqual } from '../../../platform/crypto.ts';
import { httpError, networkError, ProviderError, type MessagingProvider } from './provider.ts';

/**
 * Twilio's Programmable Messaging API: `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`,
 * HTTP Basic auth (Account SID and auth token), a form body with To, From (or
 * MessagingServiceSid), Body and StatusCallback; 201 with the message's `sid` (SM…). Twilio then
 * POSTs the message's status to the StatusCallback, signed with `X-Twilio-Signature`.
 */
export interface TwilioSettings {
  apiBase: string;
  accountSid: string;
  authToken: string;
  from?: string | undefined;
  messagingServiceSid?: string | undefined;
  timeoutMs: number;
}

/** Twilio error codes that mean the number cannot take messages (opted out, not a mobile, invalid). */
const PERMANENT_CODES = new Set([21211, 21408, 21610, 21612, 21614, 30003, 30005, 30006]);

export function twilioProvider(s: TwilioSettings): MessagingProvider {
  return {
    name: 'twilio',
    async send(m) {
      const form = new URLSearchParams({ To: m.address, Body: m.content.text });
      if (s.messagingServiceSid) form.set('MessagingServiceSid', s.messagingServiceSid);
      else if (s.from) form.set('From', s.from);
      if (m.statusCallbackUrl) form.set('StatusCallback', m.statusCallbackUrl);
      const url = `${s.apiBase.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(s.accountSid)}/Messages.json`;
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers: {
            authorization: `Basic ${Buffer.from(`${s.accountSid}:${s.authToken}`).toString('base64')}`,
            'content-type': 'application/x-www-form-urlencoded',
            accept: 'application/json',
          },
          body: form.toString(),
          signal: AbortSignal.timeout(s.timeoutMs),
        });
      } catch (err) {
        throw networkError(err, 'Twilio');
      }
      const json = (await res.json().catch(() => ({}))) as { sid?: string; code?: number };
      if (res.status === 201 || res.status === 200) return { providerMessageId: json.sid ?? null };
      if (res.status === 401 || res.status === 403) {
        throw new ProviderError(`http_${res.status}`, 'Twilio refused the credentials', { transient: false });
      }
      if (typeof json.code === 'number' && PERMANENT_CODES.has(json.code)) {
        throw new ProviderError(`twilio_${json.code}`, `Twilio refused the number (error ${json.code})`, {
          transient: false,
        });
      }
      throw httpError(res.status, 'Twilio');
    },
  };
}

/**
 * `X-Twilio-Signature`: base64 HMAC-SHA1, keyed with the auth token, of the full URL Twilio
 * called followed by every POST parameter, sorted by name, as name then value.
 */
export function twilioSignature(authToken: string, url: string, params: Record<string, string>): string {
  const data = Object.keys(params)
    .sort()
    .reduce((acc, k) => acc + k + params[k], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

export function verifyTwilioSignature(
  authToken: string,
  url: string,
  params: Record<string, string>,
  signature: string | undefined,
): boolean {
  return !!signature && safeEqual(signature, twilioSignature(authToken, url, params));
}
