import webpush from 'web-push';
import { isPrivateAddress } from '../../webhooks/http-post.ts';
import { networkError, ProviderError, type MessagingProvider } from './provider.ts';

/**
 * Web push with VAPID (RFC 8292), the payload encrypted for the subscription (RFC 8291,
 * aes128gcm): `web-push` builds the request; it is sent here with fetch, so a push service's
 * answer is read as the protocol says — 201 taken, 404/410 the subscription is gone, 429/5xx
 * later.
 */
export interface WebpushSettings {
  subject: string;
  publicKey: string;
  privateKey: string;
  timeoutMs: number;
  /** Outside production a push service may be on a private network (tests, local stand-ins). */
  allowPrivateNetworks: boolean;
  /** Seconds the push service keeps an undelivered notification. */
  ttlSeconds?: number;
}

export function generateVapidKeys(): { publicKey: string; privateKey: string } {
  return webpush.generateVAPIDKeys();
}

export function webpushProvider(s: WebpushSettings): MessagingProvider {
  return {
    name: 'webpush',
    async send(m) {
      if (!m.subscription)
        throw new ProviderError('no_subscription', 'no push subscription', { transient: false });
      const endpoint = new URL(m.subscription.endpoint);
      const host = endpoint.hostname.replace(/^\[|\]$/g, '');
      if (
        !s.allowPrivateNetworks &&
        (endpoint.protocol !== 'https:' || isPrivateAddress(host) || host === 'localhost')
      ) {
        throw new ProviderError('endpoint_refused', 'the push endpoint is not a public https URL', {
          transient: false,
        });
      }
      const payload = JSON.stringify({
        title: m.content.subject ?? '',
        body: m.content.text,
        ...(m.content.url ? { url: m.content.url } : {}),
        message_id: m.messageId,
      });
      const details = webpush.generateRequestDetails(
        { endpoint: m.subscription.endpoint, keys: m.subscription.keys },
        payload,
        {
          vapidDetails: { subject: s.subject, publicKey: s.publicKey, privateKey: s.privateKey },
          TTL: s.ttlSeconds ?? 86_400,
          contentEncoding: 'aes128gcm',
        },
      );
      let res: Response;
      try {
        res = await fetch(details.endpoint, {
          method: 'POST',
          headers: Object.fromEntries(
            Object.entries(details.headers as Record<string, string>).filter(
              ([k]) => k.toLowerCase() !== 'content-length',
            ),
          ),
          body: details.body as Buffer,
          signal: AbortSignal.timeout(s.timeoutMs),
          redirect: 'error',
        });
      } catch (err) {
        throw networkError(err, 'the push service');
      }
      await res.arrayBuffer().catch(() => undefined);
      if (res.status === 201 || res.status === 200 || res.status === 202) {
        return { providerMessageId: res.headers.get('location') };
      }
      if (res.status === 404 || res.status === 410) {
        throw new ProviderError(`http_${res.status}`, 'the push subscription has expired', {
          transient: false,
          gone: true,
        });
      }
      const transient = res.status === 429 || res.status >= 500;
      throw new ProviderError(`http_${res.status}`, `the push service answered HTTP ${res.status}`, {
        transient,
      });
    },
  };
}
