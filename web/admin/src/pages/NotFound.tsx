import { Link } from '@tanstack/react-router';
import { useT } from '../i18n/I18n.tsx';
import { Page } from '../ui/layout.tsx';

export function NotFoundPage() {
  const t = useT();
  return (
    <div>
      <Page title={t('notFound.title')}>
        <p className="text-sm text-slate-700">{t('notFound.explain')}</p>
        <Link to="/" className="text-indigo-800 underline">
          {t('nav.dashboard')}
        </Link>
      </Page>
    </div>
  );
}
