import { hasMessage, useT } from '../i18n/I18n.tsx';

const TONES: Record<string, string> = {
  green: 'bg-emerald-100 text-emerald-900',
  blue: 'bg-sky-100 text-sky-900',
  amber: 'bg-amber-100 text-amber-900',
  red: 'bg-red-100 text-red-900',
  grey: 'bg-slate-200 text-slate-800',
  violet: 'bg-violet-100 text-violet-900',
};

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

/** A status as a coloured label, named in the reader's language (`status.<value>`). */
export function StatusBadge({ status }: { status: string }) {
  const t = useT();
  const key = `status.${status}`;
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium whitespace-nowrap ${TONES[STATUS_TONE[status] ?? 'grey']}`}
    >
      {hasMessage(key) ? t(key) : status}
    </span>
  );
}
