import { useT } from '../../i18n/I18n.tsx';
import { StatusBadge } from '../../ui/Badge.tsx';

/** What the badge needs of an order, in a list or on its page. */
interface OrderLike {
  status: string;
  shipping?: { pickup: unknown } | null;
}

/**
 * An order's status as a badge. Click and collect: for a pickup order "shipped" means ready for
 * pickup and "delivered" means collected, so it says so, wherever orders are listed or shown.
 */
export function OrderStatusBadge({ order }: { order: OrderLike }) {
  const t = useT();
  const pickup = !!order.shipping?.pickup;
  const label =
    pickup && order.status === 'shipped'
      ? t('orders.readyForPickup')
      : pickup && order.status === 'delivered'
        ? t('orders.pickedUp')
        : undefined;
  return <StatusBadge status={order.status} label={label} />;
}
