import { formatMoney, useI18n } from '../i18n.ts';

/** A price (or range) in minor units, with the compare-at price struck through when on sale. */
export function Price(props: {
  amount: number;
  max?: number;
  currency: string;
  compareAt?: number | null;
  className?: string;
}) {
  const { locale, t } = useI18n();
  const { amount, max, currency, compareAt } = props;
  const text =
    max !== undefined && max !== amount
      ? `${formatMoney(amount, currency, locale)} – ${formatMoney(max, currency, locale)}`
      : formatMoney(amount, currency, locale);
  return (
    <span className={props.className}>
      <span className={compareAt ? 'font-semibold text-red-700' : 'font-semibold'}>{text}</span>
      {compareAt ? (
        <>
          {' '}
          <span className="sr-only">{t('product.was')}</span>
          <s className="text-sm text-stone-600">{formatMoney(compareAt, currency, locale)}</s>
        </>
      ) : null}
    </span>
  );
}
