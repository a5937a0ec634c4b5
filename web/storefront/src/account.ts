import type { CartonClient } from '@carton/client';
import { shopperState, updateShopperState, type ShopperSession } from './session.ts';
import { unwrap } from './shop.ts';

interface TokenAnswer {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  customer: ShopperSession['customer'];
}

/** Keep the shopper's tokens, and bring the cart they filled as a guest into their account's cart. */
export async function signedIn(api: CartonClient, answer: TokenAnswer): Promise<void> {
  updateShopperState({
    session: {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token,
      expiresAt: Date.now() + answer.expires_in * 1000,
      customer: answer.customer,
    },
  });
  const guestCart = shopperState().cartId;
  try {
    const cart = guestCart
      ? await unwrap(api.POST('/store/v1/carts/{cartId}/merge', { params: { path: { cartId: guestCart } } }))
      : await unwrap(api.GET('/store/v1/customers/me/cart'));
    if (cart) updateShopperState({ cartId: cart.id });
  } catch {
    // No cart to merge (or none yet): the next add creates the account's cart.
  }
}

/** A fresh access token before an account call: refreshed when it is about to expire; signed out when refused. */
export async function freshSession(api: CartonClient): Promise<ShopperSession | null> {
  const session = shopperState().session;
  if (!session) return null;
  if (session.expiresAt - 30_000 > Date.now()) return session;
  try {
    const answer = await unwrap(
      api.POST('/store/v1/customers/refresh', { body: { refresh_token: session.refreshToken } }),
    );
    updateShopperState({
      session: {
        ...session,
        accessToken: answer.access_token,
        refreshToken: answer.refresh_token,
        expiresAt: Date.now() + answer.expires_in * 1000,
      },
    });
    return shopperState().session;
  } catch {
    updateShopperState({ session: null });
    return null;
  }
}

export async function signOut(api: CartonClient): Promise<void> {
  // Ends the session on the server (the access token is still sent), then forgets it here.
  if (shopperState().session) await api.POST('/store/v1/customers/logout').catch(() => undefined);
  updateShopperState({ session: null, cartId: null });
}
