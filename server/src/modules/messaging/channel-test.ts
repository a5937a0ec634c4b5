import { z } from 'zod';
import type { Platform } from '../../platform/context.ts';
import { withStore } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import { emitEvent } from '../../platform/events/outbox.ts';
import { newId } from '../../platform/ids.ts';
import { parseInput } from '../../platform/validation.ts';
import { auditAs, type Actor } from '../audit/service.ts';
import { getStore } from '../tenancy/service.ts';
import {
  EmailAddress,
  maskAddress,
  PhoneNumber,
  PushSubscription,
  pushAddressKey,
  type Channel,
} from './contacts.ts';
import { ProviderError } from './providers/provider.ts';
import type { MessageContent } from './render.ts';
import { channelSetup, providerOf } from './settings.ts';

/**
 * A test message: staff check a channel's provider and credentials by sending one fixed message
 * to an address of their own. It goes straight to the provider — no template, consent, quiet
 * hours or frequency cap, and no row in the message log (it is nobody's recovery message) — and
 * the provider's answer comes back as it is, so a wrong key shows at once. At most
 * `TEST_MESSAGES_PER_HOUR` per store and channel, so the button cannot be used to flood a phone.
 */

export const TEST_MESSAGES_PER_HOUR = 10;

export const ChannelTestInput = z.strictObject({
  to: z
    .string()
    .min(3)
    .max(254)
    .optional()
    .describe('e-mail: an address; SMS: an E.164 phone number. Not kept, logged only masked'),
  push_subscription: PushSubscription.optional().describe('push: a browser push subscription (toJSON())'),
});
export type ChannelTestInput = z.input<typeof ChannelTestInput>;

export const ChannelTestView = z.object({
  status: z.enum(['sent', 'failed']),
  provider: z.string(),
  provider_message_id: z.string().nullable(),
  error: z
    .object({ code: z.string(), message: z.string(), transient: z.boolean() })
    .nullable()
    .describe('What the provider answered when it did not take the message'),
});
export type ChannelTestView = z.infer<typeof ChannelTestView>;

function destination(
  channel: Channel,
  input: z.output<typeof ChannelTestInput>,
): { address: string; subscription?: PushSubscription } {
  const invalid = (path: string, message: string) =>
    new AppError('VALIDATION_FAILED', `A test ${channel} message needs ${path}.`, {
      errors: [{ path: `body.${path}`, message }],
    });
  if (channel === 'push') {
    if (!input.push_subscription) throw invalid('push_subscription', 'required for the push channel');
    return { address: input.push_subscription.endpoint, subscription: input.push_subscription };
  }
  const schema = channel === 'email' ? EmailAddress : PhoneNumber;
  const parsed = schema.safeParse(input.to ?? '');
  if (!parsed.success) {
    throw invalid('to', parsed.error.issues[0]?.message ?? 'invalid');
  }
  return { address: parsed.data };
}

function testContent(channel: Channel, storeName: string): MessageContent {
  const text = `This is a test message from ${storeName} on Carton: the ${channel} channel works.`;
  if (channel === 'email') {
    return {
      subject: `Test message from ${storeName}`,
      text,
      html: `<p>${text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`)}</p>`,
    };
  }
  return channel === 'push' ? { subject: storeName, text } : { text };
}

/** Send one test message through the channel's provider as it is set up now. Audited. */
export async function sendTestMessage(
  platform: Platform,
  o: { storeId: string; channel: Channel; input: ChannelTestInput; actor?: Actor },
): Promise<ChannelTestView> {
  const input = parseInput(ChannelTestInput, o.input);
  const { storeId, channel } = o;
  const to = destination(channel, input);
  const window = await platform.counters.hit(`msgtest:${storeId}:${channel}`, 3_600_000);
  if (window.count > TEST_MESSAGES_PER_HOUR) {
    const seconds = String(Math.max(1, Math.ceil((window.resetAt - Date.now()) / 1000)));
    throw new AppError(
      'RATE_LIMITED',
      `At most ${TEST_MESSAGES_PER_HOUR} test messages an hour on a channel; try again later.`,
      { headers: { 'retry-after': seconds } },
    );
  }
  const { setup, store } = await withStore(platform.db, storeId, async (tx) => ({
    setup: await channelSetup(platform, tx, storeId, channel),
    store: await getStore(tx, storeId),
  }));
  const messageId = newId('msg');
  let view: ChannelTestView;
  try {
    const out = await providerOf(platform, setup, store.name).send({
      storeId,
      messageId,
      channel,
      address: to.address,
      ...(to.subscription ? { subscription: to.subscription } : {}),
      content: testContent(channel, store.name),
      headers: {},
    });
    view = {
      status: 'sent',
      provider: setup.provider,
      provider_message_id: out.providerMessageId,
      error: null,
    };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    view = {
      status: 'failed',
      provider: setup.provider,
      provider_message_id: null,
      error: { code: err.code, message: err.message, transient: err.transient },
    };
  }
  const masked = maskAddress(channel === 'push' ? pushAddressKey(to.address) : to.address);
  await withStore(platform.db, storeId, async (tx) => {
    await emitEvent(tx, {
      storeId,
      type: 'messaging_channel.tested',
      aggregateType: 'messaging_channel',
      aggregateId: `${storeId}:${channel}`,
      payload: { channel, provider: setup.provider, status: view.status, error: view.error?.code ?? null },
    });
    await auditAs(tx, o.actor, {
      storeId,
      action: 'messaging_channel.tested',
      entityType: 'messaging_channel',
      entityId: channel,
      after: { ...view, to: masked },
    });
  });
  return view;
}
