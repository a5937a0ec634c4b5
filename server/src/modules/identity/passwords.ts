import { hash, verify } from '@node-rs/argon2';
import { z } from 'zod';

/** argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum. */
export async function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against this when the account does not exist keeps the answer's timing the same,
// so response time does not reveal which e-mail addresses have accounts.
let dummyHash: Promise<string> | null = null;

export async function verifyPassword(
  passwordHash: string | null | undefined,
  password: string,
): Promise<boolean> {
  if (!passwordHash) {
    await verify(await (dummyHash ??= hash('carton-dummy-password')), password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

export const Password = z
  .string()
  .min(10, 'at least 10 characters')
  .max(256, 'at most 256 characters')
  .refine((p) => p.trim().length > 0, 'not only spaces');

/** E-mail addresses are compared case-insensitively; we keep them lower-cased. */
export const Email = z.email().max(254).toLowerCase();
