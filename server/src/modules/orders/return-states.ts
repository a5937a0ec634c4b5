import { AppError } from '../../platform/errors.ts';

/**
 * A return's lifecycle: `requested` (by the shopper or staff), then `approved` or `rejected`;
 * an approved return is `received` when the parcel arrives (units restocked), then `refunded`.
 * `refunded` and `rejected` are final.
 */
export const RETURN_STATUSES = ['requested', 'approved', 'received', 'refunded', 'rejected'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

/** The return steps a shopper is told of by e-mail (requested and received they know already). */
export const RETURN_NEWS = ['approved', 'rejected', 'refunded'] as const satisfies readonly ReturnStatus[];
export type ReturnNews = (typeof RETURN_NEWS)[number];

const transitions: Record<ReturnStatus, readonly ReturnStatus[]> = {
  requested: ['approved', 'rejected'],
  approved: ['received', 'rejected'],
  received: ['refunded'],
  refunded: [],
  rejected: [],
};

const verbs: Record<ReturnStatus, string> = {
  requested: 'requested again',
  approved: 'approved',
  received: 'received',
  refunded: 'refunded',
  rejected: 'rejected',
};

export function canMoveReturn(from: ReturnStatus, to: ReturnStatus): boolean {
  return transitions[from].includes(to);
}

/** `to`, when the table allows `from → to`; otherwise INVALID_STATE_TRANSITION (409). */
export function nextReturnStatus(from: ReturnStatus, to: ReturnStatus, returnId: string): ReturnStatus {
  if (!canMoveReturn(from, to)) {
    throw new AppError(
      'INVALID_STATE_TRANSITION',
      `Return ${returnId} is ${from}; it cannot be ${verbs[to]}.`,
    );
  }
  return to;
}

export function returnStatusesAfter(from: ReturnStatus): readonly ReturnStatus[] {
  return transitions[from];
}

/** Returns that still hold units (a rejected one gives them back to what may be returned). */
export const ACTIVE_RETURN_STATUSES: readonly ReturnStatus[] = [
  'requested',
  'approved',
  'received',
  'refunded',
];
