import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Cart } from './api.ts';
import { shopperState, updateShopperState } from './session.ts';
import { ApiError, unwrap, useShop } from './shop.ts';

/** The shopper's cart, created on first use in their currency (a signed-in shopper's own cart). */
export function useCartActions() {
  const { api, currency } = useShop();
  const queryClient = useQueryClient();
  const remember = (cart: Cart) => {
    if (shopperState().cartId !== cart.id) updateShopperState({ cartId: cart.id });
    queryClient.setQueryData(['cart', cart.id], cart);
    return cart;
  };

  /** Run `change` on the current cart; a cart that is gone (expired, completed, merged) is replaced. */
  const onCart = async (change: (cartId: string) => Promise<Cart>): Promise<Cart> => {
    const cartId = shopperState().cartId;
    if (cartId) {
      try {
        return remember(await change(cartId));
      } catch (err) {
        const gone =
          err instanceof ApiError &&
          [404, 409, 410].includes(err.status) &&
          ['NOT_FOUND', 'CART_EXPIRED', 'CART_NOT_ACTIVE', 'CART_COMPLETED'].includes(
            String(err.problem.code),
          );
        if (!gone) throw err;
      }
    }
    // A new cart is remembered once it holds the change: remembered empty, the header would fetch
    // it meanwhile, and that (empty) answer could land after the change's and hide its lines.
    const cart = await unwrap(api.POST('/store/v1/carts', { body: { currency } }));
    return remember(await change(cart.id));
  };

  const addLine = useMutation({
    /** `properties`: what the shopper tells about the item (an engraving; a gift card's recipient). */
    mutationFn: (input: { variantId: string; quantity: number; properties?: Record<string, string> }) =>
      onCart((cartId) =>
        unwrap(
          api.POST('/store/v1/carts/{cartId}/lines', {
            params: { path: { cartId } },
            body: {
              variant_id: input.variantId,
              quantity: input.quantity,
              ...(input.properties && Object.keys(input.properties).length
                ? { properties: input.properties }
                : {}),
            },
          }),
        ),
      ),
  });

  /** Several lines at once ("buy again"): what cannot be added comes back in `line_not_added` notices. */
  const addLines = useMutation({
    mutationFn: (lines: { variantId: string; quantity: number; properties?: Record<string, string> }[]) =>
      onCart((cartId) =>
        unwrap(
          api.POST('/store/v1/carts/{cartId}/lines/batch', {
            params: { path: { cartId } },
            body: {
              skip_unavailable: true,
              lines: lines.map((l) => ({
                variant_id: l.variantId,
                quantity: l.quantity,
                ...(l.properties && Object.keys(l.properties).length ? { properties: l.properties } : {}),
              })),
            },
          }),
        ),
      ),
  });

  const setQuantity = useMutation({
    mutationFn: (input: { lineId: string; quantity: number }) =>
      onCart((cartId) =>
        input.quantity > 0
          ? unwrap(
              api.PATCH('/store/v1/carts/{cartId}/lines/{lineId}', {
                params: { path: { cartId, lineId: input.lineId } },
                body: { quantity: input.quantity },
              }),
            )
          : unwrap(
              api.DELETE('/store/v1/carts/{cartId}/lines/{lineId}', {
                params: { path: { cartId, lineId: input.lineId } },
              }),
            ),
      ),
  });

  /**
   * Retell a line's properties (an engraving; a gift card's recipient). Told the same as another
   * line of the variant, the two become one: the answer's notices say `line_removed` (`merged`).
   */
  const setProperties = useMutation({
    mutationFn: (input: { lineId: string; properties: Record<string, string> }) =>
      onCart((cartId) =>
        unwrap(
          api.PATCH('/store/v1/carts/{cartId}/lines/{lineId}', {
            params: { path: { cartId, lineId: input.lineId } },
            body: { properties: input.properties },
          }),
        ),
      ),
  });

  const applyCoupon = useMutation({
    mutationFn: (code: string) =>
      onCart((cartId) =>
        unwrap(
          api.POST('/store/v1/carts/{cartId}/coupons', { params: { path: { cartId } }, body: { code } }),
        ),
      ),
  });

  return { addLine, addLines, setQuantity, setProperties, applyCoupon, remember };
}
