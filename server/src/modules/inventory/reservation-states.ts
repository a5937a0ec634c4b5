import { AppError } from '../../platform/errors.ts';

/**
 * A reservation's lifecycle. It is born `active`; it ends `committed` (an order took the units),
 * `released` (the cart or checkout let go) or `expired` (nobody committed it in time).
 */
export type ReservationStatus = 'active' | 'released' | 'committed' | 'expired';
export type ReservationAction = 'release' | 'commit' | 'expire';

const transitions: Record<ReservationStatus, Partial<Record<ReservationAction, ReservationStatus>>> = {
  active: { release: 'released', commit: 'committed', expire: 'expired' },
  released: {},
  committed: {},
  expired: {},
};

/** The status after `action`, or INVALID_STATE_TRANSITION (409) when it is not allowed. */
export function nextReservationStatus(
  from: ReservationStatus,
  action: ReservationAction,
  reservationId: string,
): ReservationStatus {
  const to = transitions[from][action];
  if (!to) {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Reservation ${reservationId} is ${from}; it cannot be ${action === 'commit' ? 'committed' : action === 'release' ? 'released' : 'expired'}.`,
    );
  }
  return to;
}
