import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../platform/db/database.ts';
import { AppError } from '../../platform/errors.ts';
import type { PaymentStatus } from './payment-states.ts';
import { MANUAL_METHODS, type ManualMethod, type ManualMethods } from './schema.ts';

/**
 * Cash on delivery and bank transfer as a store sets them up (in its payment settings) and as an
 * order paid by one reads them back (the method, the store's instructions, whether it is paid).
 */

export const ManualMethodPatch = z.strictObject({
  enabled: z.boolean().describe('Whether shoppers may choose it at checkout'),
  instructions: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .nullable()
    .optional()
    .describe(
      'What the shopper is told after placing the order (bank account, reference); required for bank_transfer',
    ),
});

/** The manual methods after a patch: each one named turned on (with its instructions) or off. */
export function withManualMethods(
  current: ManualMethods,
  patch: Partial<Record<ManualMethod, z.infer<typeof ManualMethodPatch>>>,
): ManualMethods {
  const next = { ...current };
  for (const method of MANUAL_METHODS) {
    const change = patch[method];
    if (!change) continue;
    const instructions =
      change.instructions === undefined ? (current[method]?.instructions ?? null) : change.instructions;
    if (change.enabled && method === 'bank_transfer' && !instructions) {
      throw new AppError(
        'VALIDATION_FAILED',
        'Bank transfer needs instructions: where the shopper sends the money.',
        {
          errors: [
            {
              path: 'body.manual_methods.bank_transfer.instructions',
              message: 'required to turn bank transfer on',
            },
          ],
        },
      );
    }
    next[method] = { enabled: change.enabled, instructions };
  }
  return next;
}

/** Why the store does not take this manual method, or null when it does. */
export function manualMethodProblem(methods: ManualMethods | undefined, method: string): string | null {
  return methods?.[method as ManualMethod]?.enabled ? null : `${method} is not offered by this store`;
}

/** How an order paid by a manual method is to be paid: the method and the store's instructions. */
export type ManualPayment = {
  method: ManualMethod;
  instructions: string | null;
  /** `authorized` while unpaid, `captured` once staff marked it paid, `canceled` when voided. */
  status: PaymentStatus;
};

/** The manual method of a payment, with the store's instructions for it; null for any other payment. */
export async function manualPaymentOf(
  tx: Tx,
  storeId: string,
  intentId: string,
): Promise<ManualPayment | null> {
  const { rows } = await tx.execute<ManualPayment>(sql`
    SELECT i.payment_method AS method, s.manual_methods -> i.payment_method ->> 'instructions' AS instructions,
           i.status
    FROM payment_intents i LEFT JOIN payment_settings s ON s.store_id = i.store_id
    WHERE i.store_id = ${storeId} AND i.id = ${intentId} AND i.provider = 'manual'`);
  return rows[0] ?? null;
}
