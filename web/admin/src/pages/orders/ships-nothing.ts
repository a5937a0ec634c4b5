/**
 * Products that ship nothing (digital goods, services, licences): their order lines carry
 * `requires_shipping: false`. They are fulfilled like any other line, without carrier or tracking.
 */
interface MaybeShipped {
  requires_shipping: boolean;
}

/** Whether none of these lines ships (and there is at least one): no carrier, no tracking, no parcel. */
export function shipsNothing(lines: readonly MaybeShipped[]): boolean {
  return lines.length > 0 && lines.every((l) => !l.requires_shipping);
}
