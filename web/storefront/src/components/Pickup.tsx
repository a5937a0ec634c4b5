import { addressLine } from '../address.ts';
import { useI18n } from '../i18n.ts';

/** Where a click-and-collect order is picked up, as the API describes the place. */
export interface PickupPlace {
  name: string;
  address: Record<string, string>;
  instructions: string | null;
}

/** A pickup method's `delivery_estimate` (business days), which for a pickup reads as "ready in". */
export interface ReadyIn {
  min_days: number;
  max_days: number;
}

/** "Ready today", "Ready by the next business day", "Ready within 3 business days", "Ready in 2–4 business days". */
function ReadyLine({ estimate }: { estimate: ReadyIn }) {
  const { t } = useI18n();
  const { min_days: min, max_days: max } = estimate;
  const text =
    max <= 0
      ? t('checkout.ready_today')
      : max === 1
        ? t('checkout.ready_next_day')
        : min <= 0 || min >= max
          ? t('checkout.ready_within', { max })
          : t('checkout.ready_in', { min, max });
  return (
    <span className="block" data-testid="pickup-ready">
      {text}
    </span>
  );
}

/**
 * The place's address, when it is ready (with an estimate) and the shop's instructions (opening
 * hours, where to go, what to bring).
 */
export function PickupDetails({
  pickup,
  estimate = null,
  className = '',
}: {
  pickup: PickupPlace;
  estimate?: ReadyIn | null;
  className?: string;
}) {
  const address = addressLine(pickup.address);
  return (
    <span className={`block text-sm break-words text-stone-600 ${className}`}>
      {address ? <span className="block">{address}</span> : null}
      {estimate ? <ReadyLine estimate={estimate} /> : null}
      {pickup.instructions ? (
        <span className="block whitespace-pre-line" data-testid="pickup-instructions">
          {pickup.instructions}
        </span>
      ) : null}
    </span>
  );
}
