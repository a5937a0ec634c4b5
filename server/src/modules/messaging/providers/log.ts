import type { Logger } from '../../../platform/logger.ts';
import { maskAddress } from '../contacts.ts';
import type { MessagingProvider } from './provider.ts';

/**
 * The built-in offline provider: the message counts as sent and is kept (with its content) in
 * the message log, and a log line says so — without the address. For development, demos, and
 * channels a store has not set up.
 */
export function logProvider(log: Logger): MessagingProvider {
  return {
    name: 'log',
    async send(m) {
      log.info(
        { messageId: m.messageId, channel: m.channel, to: maskAddress(m.address) },
        'message recorded by the log provider (not delivered)',
      );
      return { providerMessageId: `log-${m.messageId}` };
    },
  };
}
