import type { z } from 'zod';
import { AppError } from './errors.ts';

/** Parse service input with a Zod schema; a mismatch is a VALIDATION_FAILED AppError, never a 500. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, at = 'body'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new AppError('VALIDATION_FAILED', 'The request does not match the expected shape.', {
    errors: result.error.issues.map((i) => ({
      path: [at, ...i.path.map(String)].join('.'),
      message: i.message,
    })),
  });
}
