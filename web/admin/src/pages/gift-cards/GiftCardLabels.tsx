import { useT } from '../../i18n/I18n.tsx';
import { StatusBadge } from '../../ui/Badge.tsx';
import type { GiftCardStatus } from './gift-cards.ts';

/** A card's status as a coloured label, in gift-card words ("Used up", "Active"). */
export function GiftCardStatusBadge({ status }: { status: GiftCardStatus }) {
  const t = useT();
  return <StatusBadge status={status} label={t(`giftCards.status.${status}`)} />;
}
