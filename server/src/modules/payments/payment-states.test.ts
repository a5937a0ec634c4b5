import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import {
  canMove,
  isFinal,
  nextPaymentStatus,
  PAYMENT_STATUSES,
  type PaymentStatus,
} from './payment-states.ts';

/** The whole table, written out: a change to the state machine must change this test too. */
const ALLOWED: [PaymentStatus, PaymentStatus][] = [
  ['requires_payment_method', 'processing'],
  ['requires_payment_method', 'canceled'],
  ['processing', 'authorized'],
  ['processing', 'requires_action'],
  ['processing', 'failed'],
  ['processing', 'canceled'],
  ['requires_action', 'processing'],
  ['requires_action', 'authorized'],
  ['requires_action', 'failed'],
  ['requires_action', 'canceled'],
  ['authorized', 'captured'],
  ['authorized', 'canceled'],
  ['failed', 'processing'],
  ['failed', 'canceled'],
];

describe('payment state machine', () => {
  it('allows exactly the transitions of the table', () => {
    const allowed = new Set(ALLOWED.map(([a, b]) => `${a}->${b}`));
    for (const from of PAYMENT_STATUSES) {
      for (const to of PAYMENT_STATUSES) {
        const ok = allowed.has(`${from}->${to}`);
        expect(canMove(from, to), `${from} -> ${to}`).toBe(ok);
        if (ok) expect(nextPaymentStatus(from, to, 'pi_x')).toBe(to);
      }
    }
  });

  it('refuses every other transition with INVALID_STATE_TRANSITION (409) and a readable message', () => {
    let refused = 0;
    for (const from of PAYMENT_STATUSES) {
      for (const to of PAYMENT_STATUSES) {
        if (canMove(from, to)) continue;
        refused++;
        try {
          nextPaymentStatus(from, to, 'pi_x');
          expect.unreachable(`${from} -> ${to} was allowed`);
        } catch (err) {
          expect(err).toBeInstanceOf(AppError);
          expect((err as AppError).code).toBe('INVALID_STATE_TRANSITION');
          expect((err as AppError).status).toBe(409);
          expect((err as AppError).message).toContain('pi_x');
        }
      }
    }
    expect(refused).toBe(PAYMENT_STATUSES.length ** 2 - ALLOWED.length);
  });

  it('captured and canceled are final; a captured payment cannot be voided, a canceled one not captured', () => {
    expect(PAYMENT_STATUSES.filter(isFinal)).toEqual(['captured', 'canceled']);
    expect(() => nextPaymentStatus('captured', 'canceled', 'pi_1')).toThrow(/captured; it cannot be voided/);
    expect(() => nextPaymentStatus('canceled', 'captured', 'pi_1')).toThrow(
      /canceled; it cannot be captured/,
    );
    expect(() => nextPaymentStatus('requires_payment_method', 'captured', 'pi_1')).toThrow(AppError);
  });
});
