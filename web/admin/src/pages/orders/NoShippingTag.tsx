import { useT } from '../../i18n/I18n.tsx';
import { Badge } from '../../ui/Badge.tsx';

/** "No shipping": beside an order's or a draft's line whose product ships nothing. */
export function NoShippingTag() {
  const t = useT();
  return <Badge tone="violet">{t('digital.noShipping')}</Badge>;
}
