import { AppError } from '../../platform/errors.ts';
import type { ProductStatus } from './schema.ts';

export const PRODUCT_STATUSES = ['draft', 'active', 'archived'] as const satisfies readonly ProductStatus[];

/**
 * A product's lifecycle. Draft products are being prepared; active ones are for sale; archived
 * ones are retired. An archived product goes back through draft before it can be sold again, so
 * nobody republishes an old listing by accident.
 */
const TRANSITIONS: Record<ProductStatus, readonly ProductStatus[]> = {
  draft: ['active', 'archived'],
  active: ['draft', 'archived'],
  archived: ['draft'],
};

export function canTransition(from: ProductStatus, to: ProductStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

export function assertTransition(from: ProductStatus, to: ProductStatus): void {
  if (!canTransition(from, to)) {
    throw new AppError('INVALID_STATE_TRANSITION', `A product cannot go from ${from} to ${to}.`, {
      errors: [{ path: 'status', message: `allowed from ${from}: ${TRANSITIONS[from].join(', ')}` }],
    });
  }
}
