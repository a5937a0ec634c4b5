import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { liveFeed, type LiveEvent, type LiveStatus } from '../api/live.ts';
import { useT } from '../i18n/I18n.tsx';
import { useToast } from '../ui/feedback.tsx';

/** What each kind of event makes stale. */
function keysFor(event: LiveEvent): unknown[][] {
  const [entity] = event.type.split('.');
  switch (entity) {
    case 'order':
    case 'fulfilment':
      return [['orders'], ['order', event.aggregate_id], ['reports'], ['customer-orders']];
    case 'return':
      return [['orders'], ['order']];
    case 'payment':
      return [['order'], ['orders']];
    case 'payment_dispute':
      // A chargeback opened, answered or decided: the Disputes page and its order's page.
      return [['disputes'], event.data.order_id ? ['order', String(event.data.order_id)] : ['order']];
    case 'payment_method':
      // A card a customer saved or had removed (aggregate: the customer).
      return [['saved-cards', event.aggregate_id]];
    case 'draft_order':
      return [['draft-orders']];
    case 'cart':
      // Abandoned and recovered carts: the recovery list, that cart, the figures.
      return event.type === 'cart.created' ? [['reports']] : [['recovery']];
    case 'recovery_touch':
    case 'recovery_link':
      return [
        ['recovery', 'cart', String(event.data.trackedCartId ?? '')],
        ['recovery', 'analytics'],
      ];
    case 'campaign':
      return [['campaigns']];
    case 'campaign_run':
      return [['campaigns', 'runs', String(event.data.campaignId ?? '')]];
    case 'message_template':
      return [['templates', 'list']];
    case 'product':
    case 'variant':
    case 'category':
      return [['products'], ['product', String(event.data.productId ?? '')], ['categories']];
    case 'inventory':
      return [['inventory']];
    case 'catalog_import':
      return [['import', event.aggregate_id]];
    case 'coupon':
      return [['coupons']];
    case 'gift_card':
      return [['gift-cards'], ['gift-card', event.aggregate_id]];
    case 'customer':
      return [['customers'], ['customer']];
    case 'feed':
      return [[]]; // a gap: everything may be stale
    default:
      return [];
  }
}

/**
 * Keeps what the console shows current from the live feed: each event marks the queries it
 * affects stale (TanStack Query refetches those on screen), and a new order is announced.
 */
export function useLiveSync(): LiveStatus {
  const queryClient = useQueryClient();
  const toast = useToast();
  const t = useT();
  const [status, setStatus] = useState<LiveStatus>(liveFeed.status);
  useEffect(() => {
    const offStatus = liveFeed.onStatus(setStatus);
    // A burst of events (an import, a busy hour) marks each query stale once, not once per event.
    const pending = new Map<string, unknown[]>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      for (const queryKey of pending.values()) void queryClient.invalidateQueries({ queryKey });
      pending.clear();
    };
    const off = liveFeed.subscribe((event) => {
      for (const queryKey of keysFor(event)) pending.set(JSON.stringify(queryKey), queryKey);
      if (pending.size && !timer) timer = setTimeout(flush, 150);
      if (event.type === 'order.placed') {
        const number = event.data.displayNumber ?? event.data.number ?? '';
        toast(t('live.newOrder', { number: String(number) }), 'info');
      }
    });
    return () => {
      if (timer) clearTimeout(timer);
      off();
      offStatus();
    };
  }, [queryClient, toast, t]);
  return status;
}
