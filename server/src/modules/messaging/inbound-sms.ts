import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { getStore } from '../tenancy/service.ts';
import { recordConsentInTx, withdrawConsentInTx } from './consent.ts';
import { PhoneNumber } from './contacts.ts';
import { verifyTwilioRequest } from './delivery.ts';

/**
 * Replies to a store's SMS number (Twilio's inbound webhook): the opt-out keywords carriers
 * require. STOP and its synonyms withdraw SMS consent for every category (marketing and
 * transactional); START and its synonyms grant it again; HELP says how to stop. Anything else
 * gets no reply. Keywords are matched on the whole message, ignoring case, spaces, punctuation
 * and Vietnamese diacritics ("Hủy" is HUY).
 */

export const STOP_WORDS = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'OPTOUT',
  'REVOKE',
  'HUY',
  'DUNG',
  'TUCHOI',
]);
export const START_WORDS = new Set(['START', 'UNSTOP', 'YES', 'OPTIN', 'SUBSCRIBE', 'BATDAU']);
export const HELP_WORDS = new Set(['HELP', 'INFO', 'TROGIUP']);

export type Keyword = 'stop' | 'start' | 'help' | null;

export function keywordOf(body: string): Keyword {
  const word = body
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toUpperCase()
    .replace(/[^A-Z]/g, '');
  if (STOP_WORDS.has(word)) return 'stop';
  if (START_WORDS.has(word)) return 'start';
  if (HELP_WORDS.has(word)) return 'help';
  return null;
}

const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** TwiML: one reply message, or none. */
export function twiml(reply: string | null): string {
  return `<?xml version="1.0" encoding="UTF-8"?><Response>${reply ? `<Message>${xmlEscape(reply)}</Message>` : ''}</Response>`;
}

export async function handleInboundSms(
  platform: Platform,
  o: { storeId: string; path: string; params: Record<string, string>; signature: string | undefined },
): Promise<{ keyword: Keyword; reply: string | null }> {
  await verifyTwilioRequest(platform, o);
  const from = PhoneNumber.safeParse(o.params.From ?? '');
  if (!from.success) {
    throw new AppError('VALIDATION_FAILED', 'An inbound message names the sender (From) in E.164.', {
      errors: [{ path: 'body.From', message: 'an E.164 number' }],
    });
  }
  const keyword = keywordOf(o.params.Body ?? '');
  if (!keyword) return { keyword, reply: null };
  return withStore(platform.db, o.storeId, async (tx) => {
    const store = await getStore(tx, o.storeId);
    const base = {
      storeId: o.storeId,
      channel: 'sms' as const,
      address: from.data,
      source: 'sms_keyword' as const,
    };
    if (keyword === 'stop') {
      await withdrawConsentInTx(tx, { ...base, category: 'all' });
      return {
        keyword,
        reply: `${store.name}: you are unsubscribed and will get no more messages. Reply START to resubscribe.`,
      };
    }
    if (keyword === 'start') {
      await recordConsentInTx(tx, { ...base, category: 'marketing', status: 'granted' });
      await recordConsentInTx(tx, { ...base, category: 'transactional', status: 'granted' });
      return {
        keyword,
        reply: `${store.name}: you are subscribed again. Reply STOP to unsubscribe, HELP for help.`,
      };
    }
    return {
      keyword,
      reply: `${store.name}: cart reminders and order updates. Msg & data rates may apply. Reply STOP to unsubscribe, START to resubscribe.`,
    };
  });
}
