import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Answer } from '../../api/client.ts';
import { isApiError, type ApiError } from '../../api/errors.ts';
import type { MessageKey } from '../../i18n/catalog.ts';

/** A draft order as the admin API answers it (the cart's shape). */
export type DraftOrder = Answer<'/admin/v1/draft-orders/{draftId}', 'get'>;
export type DraftLine = DraftOrder['lines'][number];
export type DraftNotice = DraftOrder['notices'][number];

export const DRAFT_STATUSES = ['active', 'completed', 'expired'] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const draftKey = (draftId: string) => ['draft-orders', 'one', draftId] as const;

/**
 * What a draft needs before it can be paid or placed, as the API names it in CHECKOUT_INCOMPLETE.
 * A draft that ships nothing needs a billing address instead of a shipping address and method.
 */
export const READINESS = [
  'lines',
  'email',
  'shipping_address',
  'shipping_method',
  'billing_address',
] as const;
export type Readiness = (typeof READINESS)[number];
export const MISSING_MESSAGE: Record<Readiness, MessageKey> = {
  lines: 'drafts.missing.lines',
  email: 'drafts.missing.email',
  shipping_address: 'drafts.missing.shipping_address',
  shipping_method: 'drafts.missing.shipping_method',
  billing_address: 'drafts.missing.billing_address',
};

/**
 * Whether the draft holds items and none of them ships (digital goods, services): no shipping
 * address or method then, the billing address is what is needed. An empty draft is not one: what
 * it will hold is not known yet.
 */
export const shipsNothing = (d: DraftOrder): boolean => d.lines.length > 0 && !d.requires_shipping;

/** The parts a CHECKOUT_INCOMPLETE refusal names (`lines`, `cart.email`, `body.shipping_method`…). */
export function missingParts(error: unknown): Readiness[] {
  if (!isApiError(error) || error.code !== 'CHECKOUT_INCOMPLETE') return [];
  return READINESS.filter((part) => error.errors.some((e) => e.path === part || e.path.endsWith(`.${part}`)));
}

/** Whether the draft has a part the API asks for before payment. */
export function hasPart(d: DraftOrder, part: Readiness): boolean {
  if (part === 'lines') return d.lines.length > 0;
  if (part === 'email') return !!d.email;
  if (part === 'shipping_address') return !!d.shipping_address;
  // A shipping address the customer gave serves too (taxed and invoiced on it).
  if (part === 'billing_address') return !!d.billing_address || !!d.shipping_address;
  return !!d.shipping_method;
}

/**
 * A change to a draft order: the answer (the whole draft, repriced) replaces what is shown, the list
 * goes stale, and what the change did besides what was asked (a price that moved, a shipping
 * method dropped…) is handed to `onNotices`.
 */
export function useDraftChange<V>(
  draftId: string,
  change: (vars: V) => Promise<DraftOrder>,
  onNotices: (notices: DraftNotice[]) => void,
  onDone?: (draft: DraftOrder) => void,
) {
  const queryClient = useQueryClient();
  return useMutation<DraftOrder, ApiError | Error, V>({
    mutationFn: change,
    onSuccess: (draft) => {
      queryClient.setQueryData(draftKey(draftId), draft);
      void queryClient.invalidateQueries({ queryKey: ['draft-orders', 'list'] });
      onNotices(draft.notices);
      onDone?.(draft);
    },
  });
}
