import { useT } from '../../i18n/I18n.tsx';
import { Badge } from '../../ui/Badge.tsx';

/**
 * "No shipping": beside an order's or a draft's line whose product ships nothing; "Gift card" when
 * that product is a gift card (nothing ships either: its code is e-mailed).
 */
export function NoShippingTag({ giftCard = false }: { giftCard?: boolean }) {
  const t = useT();
  return giftCard ? (
    <Badge tone="blue">{t('giftCardProducts.badge')}</Badge>
  ) : (
    <Badge tone="violet">{t('digital.noShipping')}</Badge>
  );
}
