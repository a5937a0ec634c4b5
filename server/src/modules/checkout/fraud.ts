import type { Address } from '../../platform/address.ts';

/**
 * The fraud check of the checkout: a hook the Convert pillar fills in (real-time fraud scoring).
 * Until a screen is registered every order is allowed. A screen that throws or times out does not
 * lose the sale: the order is allowed and the failure logged (fail open, as card networks expect
 * merchants to screen but not to stop selling when their screening is down).
 */
export interface FraudCheckInput {
  storeId: string;
  checkoutId: string;
  cartId: string;
  customerId: string | null;
  email: string;
  amount: number;
  currency: string;
  /** Null when nothing in the order ships (digital goods and services). */
  shippingAddress: Address | null;
  billingAddress: Address | null;
  lines: { variantId: string; quantity: number; unitPrice: number }[];
}

export interface FraudVerdict {
  /** `deny` stops the checkout before the card is charged; `review` lets it through (flagged). */
  decision: 'allow' | 'review' | 'deny';
  /** For the logs and the checkout record; never shown to the shopper. */
  reason?: string;
}

export interface FraudScreen {
  name: string;
  /** Longest wait for a verdict (default 2000 ms); after it the order is allowed. */
  timeoutMs?: number;
  check(input: FraudCheckInput): Promise<FraudVerdict>;
}

/** The default: every order is allowed. */
export const allowAll: FraudScreen = {
  name: 'allow-all',
  check: async () => ({ decision: 'allow' }),
};

let screen: FraudScreen = allowAll;

/** Install the store-wide fraud screen; returns a function that puts back the previous one. */
export function registerFraudScreen(next: FraudScreen): () => void {
  const previous = screen;
  screen = next;
  return () => {
    screen = previous;
  };
}

/** The verdict of the registered screen, failing open on an error or timeout. */
export async function screenOrder(
  input: FraudCheckInput,
  onError: (err: unknown) => void,
): Promise<FraudVerdict & { screen: string }> {
  const current = screen;
  let timer: NodeJS.Timeout | undefined;
  try {
    const verdict = await Promise.race([
      current.check(input),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('fraud screen timed out')), current.timeoutMs ?? 2000);
      }),
    ]);
    return { ...verdict, screen: current.name };
  } catch (err) {
    onError(err);
    return { decision: 'allow', reason: 'screen unavailable', screen: current.name };
  } finally {
    clearTimeout(timer);
  }
}
