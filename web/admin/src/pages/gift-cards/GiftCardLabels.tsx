import { Link } from '@tanstack/react-router';
import { useT } from '../../i18n/I18n.tsx';
import { StatusBadge } from '../../ui/Badge.tsx';
import { Money } from '../../ui/values.tsx';
import { maskedCode, type GiftCardStatus } from './gift-cards.ts';

/** A card's status as a coloured label, in gift-card words ("Used up", "Active"). */
export function GiftCardStatusBadge({ status }: { status: GiftCardStatus }) {
  const t = useT();
  return <StatusBadge status={status} label={t(`giftCards.status.${status}`)} />;
}

/** A card as a list shows it: ••••ABCD, linked to its page, named "Gift card ending in ABCD" for screen readers. */
export function GiftCardLink({ card }: { card: { id: string; last_characters: string } }) {
  const t = useT();
  return (
    <Link
      to="/gift-cards/$giftCardId"
      params={{ giftCardId: card.id }}
      aria-label={t('giftCards.endingIn', { last: card.last_characters })}
      className="font-mono font-medium whitespace-nowrap text-indigo-800 underline"
    >
      {maskedCode(card.last_characters)}
    </Link>
  );
}

/** "$12.00 / $50.00": what is left of what the card was worth. */
export function GiftCardBalance({
  card,
}: {
  card: { balance: number; initial_value: number; currency: string };
}) {
  return (
    <span className="whitespace-nowrap">
      <span className="font-medium">
        <Money amount={card.balance} currency={card.currency} />
      </span>
      <span className="text-slate-600">
        {' / '}
        <Money amount={card.initial_value} currency={card.currency} />
      </span>
    </span>
  );
}
