/**
 * A message's lifecycle. Before it leaves: queued (waiting for an attempt), sending (an attempt
 * holds its lease), deferred (quiet hours), suppressed / cancelled / failed (it never leaves).
 * After: sent → delivered → opened → clicked, or bounced / failed as the provider reports.
 * Engagement only moves forward: a late `delivered` after `opened` changes nothing, and
 * `clicked` implies the message was opened and delivered.
 */
export const MESSAGE_STATUSES = [
  'queued',
  'sending',
  'deferred',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'failed',
  'suppressed',
  'cancelled',
] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

const MOVES: Record<MessageStatus, readonly MessageStatus[]> = {
  queued: ['sending', 'deferred', 'suppressed', 'cancelled', 'failed'],
  deferred: ['sending', 'queued', 'deferred', 'suppressed', 'cancelled', 'failed'],
  sending: ['sent', 'queued', 'failed', 'sending', 'suppressed', 'deferred'],
  sent: ['delivered', 'opened', 'clicked', 'bounced', 'failed'],
  delivered: ['opened', 'clicked', 'bounced'],
  opened: ['clicked'],
  clicked: [],
  bounced: [],
  failed: [],
  suppressed: [],
  cancelled: [],
};

export function canMove(from: MessageStatus, to: MessageStatus): boolean {
  return MOVES[from].includes(to);
}

/** Statuses of a message that has left (the provider took it). */
export const LEFT: ReadonlySet<MessageStatus> = new Set([
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
]);
/** Statuses from which nothing will be sent any more. */
export const SETTLED: ReadonlySet<MessageStatus> = new Set([
  'sent',
  'delivered',
  'opened',
  'clicked',
  'bounced',
  'failed',
  'suppressed',
  'cancelled',
]);
