import { getRouteApi } from '@tanstack/react-router';
import { Listing } from '../components/Listing.tsx';
import { useI18n } from '../i18n.ts';

const route = getRouteApi('/search');

export function SearchPage() {
  const filters = route.useSearch();
  const { t } = useI18n();
  return <Listing filters={filters} heading={filters.q ? `“${filters.q}”` : t('search.submit')} searching />;
}
