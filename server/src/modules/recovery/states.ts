import { AppError } from '../../platform/errors.ts';

/**
 * A tracked cart's lifecycle. `active` until bought (`purchased`) or until its contact has let it
 * sit past the store's delay (`abandoned`); an abandoned cart bought later is `recovered`.
 * Abandonment happens once: activity on an abandoned cart updates it but never re-arms it.
 */
export type TrackedCartStatus = 'active' | 'abandoned' | 'recovered' | 'purchased';
export type TrackedCartAction = 'abandon' | 'purchase';

const TRANSITIONS: Record<TrackedCartStatus, Partial<Record<TrackedCartAction, TrackedCartStatus>>> = {
  active: { abandon: 'abandoned', purchase: 'purchased' },
  abandoned: { purchase: 'recovered' },
  recovered: {},
  purchased: {},
};

export const TRACKED_CART_STATUSES: readonly TrackedCartStatus[] = [
  'active',
  'abandoned',
  'recovered',
  'purchased',
];

export function canTransition(from: TrackedCartStatus, action: TrackedCartAction): boolean {
  return TRANSITIONS[from][action] !== undefined;
}

export function nextTrackedCartStatus(
  from: TrackedCartStatus,
  action: TrackedCartAction,
  id: string,
): TrackedCartStatus {
  const to = TRANSITIONS[from][action];
  if (!to) {
    throw new AppError('INVALID_STATE_TRANSITION', `Tracked cart ${id} is ${from}; it cannot ${action}.`);
  }
  return to;
}

/** Open carts: a purchase still changes them. */
export const isOpen = (s: TrackedCartStatus) => s === 'active' || s === 'abandoned';
