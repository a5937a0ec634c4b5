import { addressLine } from '../address.ts';

/** Where a click-and-collect order is picked up, as the API describes the place. */
export interface PickupPlace {
  name: string;
  address: Record<string, string>;
  instructions: string | null;
}

/** The place's address and the shop's instructions (opening hours, where to go, what to bring). */
export function PickupDetails({ pickup, className = '' }: { pickup: PickupPlace; className?: string }) {
  const address = addressLine(pickup.address);
  return (
    <span className={`block text-sm break-words text-stone-600 ${className}`}>
      {address ? <span className="block">{address}</span> : null}
      {pickup.instructions ? (
        <span className="block whitespace-pre-line" data-testid="pickup-instructions">
          {pickup.instructions}
        </span>
      ) : null}
    </span>
  );
}
