import type { ReactNode } from 'react';
import { useI18n } from '../i18n/I18n.tsx';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { Badge } from './Badge.tsx';

export function Money({ amount, currency }: { amount: number | null | undefined; currency: string }) {
  const { locale } = useI18n();
  if (amount === null || amount === undefined) return <>—</>;
  return <>{formatMoney(amount, currency, locale)}</>;
}

export function DateTime({ value }: { value: string | null | undefined }) {
  const { locale } = useI18n();
  if (!value) return <>—</>;
  return <time dateTime={value}>{formatDateTime(value, locale)}</time>;
}

/**
 * Subtotal, discount, tax exemption, shipping, tax and the total under a rule: an order's or a
 * draft order's. A tax-exempt one says so beside its tax; the exemption row (the tax taken off
 * tax-inclusive prices) shows only when something was taken off. An order some of whose units
 * were cancelled shows, under its total, what they were paid for and what the customer owes now.
 */
export function TotalsList(props: {
  currency: string;
  subtotal: number;
  discount: number;
  taxExemption: number;
  shipping: number;
  tax: number;
  taxInclusive: boolean;
  taxExempt: boolean;
  total: number;
  /** What cancelled units were paid for (an order's `cancelled_amount`); rows only when above 0. */
  cancelled?: number;
  className?: string;
  totalTestId?: string;
}) {
  const { t } = useI18n();
  const row = (label: ReactNode, amount: number, testId?: string) => ({ label, amount, testId });
  const rows = [
    row(t('orders.subtotal'), props.subtotal),
    row(t('orders.discount'), props.discount ? -props.discount : 0),
    ...(props.taxExemption > 0 ? [row(t('orders.taxExemption'), -props.taxExemption, 'tax-exemption')] : []),
    row(t('orders.shippingCost'), props.shipping),
    row(
      <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
        {t(props.taxInclusive ? 'orders.taxIncluded' : 'orders.tax')}
        {props.taxExempt && <Badge tone="violet">{t('orders.taxExempt')}</Badge>}
      </span>,
      props.tax,
    ),
  ];
  return (
    <dl className={`space-y-1 text-sm ${props.className ?? ''}`}>
      {rows.map((r, i) => (
        <div key={i} className="flex justify-between gap-4">
          <dt className="text-slate-600">{r.label}</dt>
          <dd data-testid={r.testId}>
            <Money amount={r.amount} currency={props.currency} />
          </dd>
        </div>
      ))}
      <div className="flex justify-between gap-4 border-t border-slate-200 pt-1 font-semibold">
        <dt>{t('orders.total')}</dt>
        <dd data-testid={props.totalTestId}>
          <Money amount={props.total} currency={props.currency} />
        </dd>
      </div>
      {(props.cancelled ?? 0) > 0 && (
        <>
          <div className="flex justify-between gap-4">
            <dt className="text-slate-600">{t('orders.cancelledItems')}</dt>
            <dd data-testid="cancelled-amount">
              <Money amount={-props.cancelled!} currency={props.currency} />
            </dd>
          </div>
          <div className="flex justify-between gap-4 border-t border-slate-200 pt-1 font-semibold">
            <dt>{t('orders.totalAfterCancellations')}</dt>
            <dd data-testid="total-after-cancellations">
              <Money amount={props.total - props.cancelled!} currency={props.currency} />
            </dd>
          </div>
        </>
      )}
    </dl>
  );
}

/** An address as lines (`lib/address.ts` addressLines), one under another. */
export function AddressBlock({ lines }: { lines: string[] }) {
  return (
    <address className="text-sm not-italic">
      {lines.map((l, i) => (
        <span key={i} className="block">
          {l}
        </span>
      ))}
    </address>
  );
}
