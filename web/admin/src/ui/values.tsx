import { useI18n } from '../i18n/I18n.tsx';
import { formatDateTime, formatMoney } from '../lib/format.ts';

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

/** Subtotal, discount, shipping, tax and the total under a rule: an order's or a draft order's. */
export function TotalsList(props: {
  currency: string;
  subtotal: number;
  discount: number;
  shipping: number;
  tax: number;
  taxInclusive: boolean;
  total: number;
  className?: string;
  totalTestId?: string;
}) {
  const { t } = useI18n();
  const rows = [
    ['orders.subtotal', props.subtotal],
    ['orders.discount', props.discount ? -props.discount : 0],
    ['orders.shippingCost', props.shipping],
    [props.taxInclusive ? 'orders.taxIncluded' : 'orders.tax', props.tax],
  ] as const;
  return (
    <dl className={`space-y-1 text-sm ${props.className ?? ''}`}>
      {rows.map(([label, amount]) => (
        <div key={label} className="flex justify-between gap-4">
          <dt className="text-slate-600">{t(label)}</dt>
          <dd>
            <Money amount={amount} currency={props.currency} />
          </dd>
        </div>
      ))}
      <div className="flex justify-between gap-4 border-t border-slate-200 pt-1 font-semibold">
        <dt>{t('orders.total')}</dt>
        <dd data-testid={props.totalTestId}>
          <Money amount={props.total} currency={props.currency} />
        </dd>
      </div>
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
