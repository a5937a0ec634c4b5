/**
 * A pickup order placed without the shopper's address keeps the pickup point's address as its
 * shipping address (where the goods change hands, in the shopper's name): shown as "none given",
 * not as the customer's address.
 */
export function placedWithoutAddress(
  shippingAddress: { line1?: string; city?: string; postal_code?: string | null; country?: string },
  pickupAddress: Record<string, string>,
): boolean {
  const same = (a: unknown, b: unknown) => String(a ?? '').trim() === String(b ?? '').trim();
  return (['line1', 'city', 'postal_code', 'country'] as const).every((k) =>
    same(shippingAddress[k], pickupAddress[k]),
  );
}
