import { Link } from '@tanstack/react-router';
import { useI18n } from '../i18n.ts';

export function NotFound() {
  const { t } = useI18n();
  return (
    <div className="py-16 text-center">
      <h1 className="text-2xl font-bold">{t('error.not_found')}</h1>
      <p className="mt-2 text-stone-700">{t('error.not_found_lead')}</p>
      <Link to="/" className="mt-6 inline-block rounded-lg bg-stone-900 px-4 py-2 text-white">
        {t('cart.continue')}
      </Link>
    </div>
  );
}
