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
