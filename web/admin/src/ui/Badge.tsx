import type { ReactNode } from 'react';
import { hasMessage, useT } from '../i18n/I18n.tsx';

const TONES = {
  green: 'bg-emerald-100 text-emerald-900',
  blue: 'bg-sky-100 text-sky-900',
  amber: 'bg-amber-100 text-amber-900',
  red: 'bg-red-100 text-red-900',
  grey: 'bg-slate-200 text-slate-800',
  violet: 'bg-violet-100 text-violet-900',
} satisfies Record<string, string>;

/** Which colour each status wears, whatever it belongs to (order, payment, product…). */
const STATUS_TONE: Record<string, keyof typeof TONES> = {
  active: 'green',
  draft: 'grey',
  archived: 'grey',
  pending: 'amber',
  confirmed: 'blue',
  processing: 'violet',
  shipped: 'blue',
  delivered: 'green',
  cancelled: 'red',
  returned: 'amber',
  refunded: 'grey',
  authorized: 'amber',
  captured: 'green',
  partially_refunded: 'amber',
  voided: 'grey',
  unfulfilled: 'amber',
  partial: 'violet',
  fulfilled: 'green',
  requested: 'amber',
  approved: 'blue',
  received: 'violet',
  rejected: 'red',
  succeeded: 'green',
  failed: 'red',
  queued: 'grey',
  running: 'blue',
  completed: 'green',
  invited: 'amber',
  disabled: 'red',
  enabled: 'green',
  revoked: 'red',
  abandoned: 'amber',
  recovered: 'green',
  purchased: 'blue',
  paused: 'amber',
};

/** A short coloured label (a status, a flag such as "Tax exempt"). */
export function Badge({ tone = 'grey', children }: { tone?: keyof typeof TONES; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONES[tone]}`}
    >
      {children}
    </span>
  );
}

/**
 * A status as a coloured label, named in the reader's language (`status.<value>`), or by `label`
 * where the status means something more particular (a pickup order "shipped" is ready for pickup).
 */
export function StatusBadge({ status, label }: { status: string; label?: string | undefined }) {
  const t = useT();
  const key = `status.${status}`;
  return <Badge tone={STATUS_TONE[status] ?? 'grey'}>{label ?? (hasMessage(key) ? t(key) : status)}</Badge>;
}
